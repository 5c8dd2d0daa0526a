import type { Category } from "@kopek/domain";

/** What the parser knows besides the message: the chat's group and the sender. */
export interface ParseContext {
  /** The date the message was sent, `YYYY-MM-DD`; relative dates count from it. */
  readonly today: string;
  /** The group's currency, used when the message names none (ISO 4217). */
  readonly currency: string;
  /** The sender's member name ("me", "I", "yo", "ich" resolve to it); one of `members`. */
  readonly me: string;
  /** The group's member names, in the group's order (outputs list names in this order). */
  readonly members: readonly string[];
  /**
   * The group's custom categories that may be chosen (not removed): a message word (or run of
   * words) equal to one's name picks it before the built-in keywords. None: built-ins only.
   */
  readonly categories?: readonly CustomCategory[];
}

/** A custom category of the group, as the parser matches it. */
export interface CustomCategory {
  /** What the expense's `category` holds (the category's id). */
  readonly key: string;
  readonly name: string;
}

/** An amount as the API writes it: canonical decimal string and ISO 4217 code. */
export interface ParsedMoney {
  readonly amount: string;
  readonly currency: string;
}

/** "Add $50 for food": an expense paid by one member, split equally among `splitWith`. */
export interface ExpenseParse {
  readonly intent: "expense";
  readonly total: ParsedMoney;
  /** The words left once verbs, amount, date, people and filler words are removed, lower case. */
  readonly description: string;
  /** A built-in category, or the key of one of the context's custom categories. */
  readonly category: Category | string;
  readonly date: string;
  readonly paidBy: string;
  /** Member names in group order; every member when the message names no one. */
  readonly splitWith: readonly string[];
}

/** "paid Bob 20": money handed from one member to another. */
export interface SettlementParse {
  readonly intent: "settlement";
  readonly from: string;
  readonly to: string;
  readonly total: ParsedMoney;
  readonly date: string;
}

/** "/balance", "how much do I owe". */
export interface BalanceParse {
  readonly intent: "balance";
}

/** "/undo", "deshacer", "rückgängig". */
export interface UndoParse {
  readonly intent: "undo";
}

/** A message the parser will not guess about ("two amounts", "unknown name Zed"). */
export interface UnknownParse {
  readonly intent: "unknown";
  readonly reason: string;
}

/** The parse of one message. */
export type ParseResult = ExpenseParse | SettlementParse | BalanceParse | UndoParse | UnknownParse;

/** A step's failure: the reason the whole message is `unknown`. */
export interface Refusal {
  readonly reason: string;
}
