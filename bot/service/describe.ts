/**
 * The bot's replies in words: what was recorded, with the defaults it applied,
 * and balances. Pure functions, no network.
 *
 * @module
 */
import { parseMessage } from "../parse/parse.ts";
import type { ExpenseParse, ParseContext } from "../parse/types.ts";
import type { Balances, Member } from "./kopek_api.ts";
import { type Messages, messages } from "./messages.ts";

/**
 * "50.00 USD for food, paid by Ana, split equally between Ana, Bob, Chen
 * (everyone) (today)": the payer, the participants and the date always
 * appear, so a default the user did not mean is visible at once.
 */
export function describeExpense(
  expense: ExpenseParse,
  today: string,
  memberCount: number,
  m: Messages = messages("en"),
): string {
  const what = expense.description ? m.forWhat(expense.description) : "";
  const split = expense.splitWith.length === 1
    ? m.alone(expense.splitWith[0])
    : `${m.splitBetween(expense.splitWith.join(", "))}${
      expense.splitWith.length === memberCount ? ` (${m.everyone})` : ""
    }`;
  const when = expense.date === today ? m.today : expense.date;
  return `${expense.total.amount} ${expense.total.currency}${what}, ${
    m.paidBy(expense.paidBy)
  }, ${split} (${when})`;
}

/** Which defaults the parse of `text` applied, found by parsing it again in another context. */
export function defaultsApplied(
  text: string,
  context: ParseContext,
  parsed: ExpenseParse,
): { currency: boolean; date: boolean; split: boolean } {
  const otherCurrency = context.currency === "EUR" ? "USD" : "EUR";
  const otherDay = context.today === "2000-01-02" ? "2000-01-03" : "2000-01-02";
  const probe = "Zzprobe";
  const currency = parseMessage(text, { ...context, currency: otherCurrency });
  const date = parseMessage(text, { ...context, today: otherDay });
  const split = parseMessage(text, { ...context, members: [...context.members, probe] });
  return {
    currency: currency.intent === "expense" && currency.total.currency === otherCurrency &&
      parsed.total.currency === context.currency,
    date: date.intent === "expense" && date.date === otherDay,
    split: split.intent === "expense" && split.splitWith.includes(probe),
  };
}

/** The reply to a recorded expense: what it is, then the defaults that were applied. */
export function describeRecorded(
  expense: ExpenseParse,
  today: string,
  memberCount: number,
  applied: { currency: boolean; date: boolean; split: boolean },
  m: Messages = messages("en"),
): string {
  const list = [
    ...(applied.currency ? [m.defaultCurrency(expense.total.currency)] : []),
    ...(applied.date ? [m.defaultDate] : []),
    ...(applied.split ? [m.defaultSplit] : []),
  ];
  const recorded = m.recorded(describeExpense(expense, today, memberCount, m));
  return list.length === 0 ? recorded : `${recorded}\n${m.defaults(list.join(", "))}`;
}

/** One line per member ("Ana: +33.34 USD"), then the transfers that settle up. */
export function describeBalances(
  groupName: string,
  balances: Balances,
  members: readonly Member[],
  m: Messages = messages("en"),
): string {
  const name = (id: string) => members.find((x) => x.id === id)?.name ?? "?";
  const lines = [m.balancesIn(groupName)];
  for (const b of balances.members) {
    const amount = b.balance.amount;
    const signed = amount.startsWith("-") || /^0(\.0+)?$/.test(amount) ? amount : `+${amount}`;
    lines.push(`${name(b.memberId)}: ${signed} ${b.balance.currency}`);
  }
  if (balances.settleUp.length === 0) lines.push(m.settledUp);
  for (const t of balances.settleUp) {
    lines.push(m.pays(name(t.from), name(t.to), `${t.amount.amount} ${t.amount.currency}`));
  }
  return lines.join("\n");
}
