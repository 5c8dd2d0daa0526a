/**
 * The bot's conversation state over a {@linkcode BotStore}, typed: the group
 * each chat records into, the entries each user recorded (for undo and
 * edit), pending inline-keyboard questions (keyed by a short id, since
 * callback data holds at most 64 bytes), each user's language and mute, and
 * the position of each user's last write (for read-your-writes).
 *
 * @module
 */
import type { ExpenseParse, SettlementParse } from "../parse/types.ts";
import type { BotStore } from "./store.ts";

/** An expense or settlement the bot recorded for a user. */
export interface RecordedEntry {
  readonly kind: "expense" | "settlement";
  readonly groupId: string;
  readonly id: string;
  readonly version: number;
  /** When it was recorded (ms since the epoch): a receipt sent soon after attaches to it. */
  readonly at?: number;
  /** What it was (an expense: its total and description), for the replies about it. */
  readonly about?: {
    readonly amount: string;
    readonly currency: string;
    readonly description: string;
  };
}

/** A question asked with an inline keyboard, waiting for a tap. */
export type PendingQuestion =
  | {
    /** Re-parse `text` with the chosen option substituted (an amount or a name). */
    readonly kind: "text";
    readonly userId: number;
    readonly text: string;
    /** The message the answer records: its id and date make the entry's id and "today". */
    readonly messageId: number;
    readonly date: number;
    /** For each button, the text to parse once it is tapped. */
    readonly choices: readonly string[];
  }
  | {
    /** Which of the active members named `name` the message means: re-parse with the pick. */
    readonly kind: "member";
    readonly userId: number;
    readonly text: string;
    readonly messageId: number;
    readonly date: number;
    readonly name: string;
    /** Member ids picked so far, by name (the answers to earlier such questions). */
    readonly picked: Readonly<Record<string, string>>;
    /** For each button, a member id. */
    readonly choices: readonly string[];
  }
  | {
    /**
     * The language model's reading of a text the rules could not read (ADR 0068), checked like
     * the rules' own: button 0 records it, button 1 drops it.
     */
    readonly kind: "model";
    readonly userId: number;
    readonly text: string;
    readonly messageId: number;
    readonly date: number;
    readonly entry: ExpenseParse | SettlementParse;
    readonly choices: readonly ["confirm", "cancel"];
  }
  | {
    /** The settle-up plan: one transfer per button, between member ids. */
    readonly kind: "settle";
    readonly userId: number;
    readonly groupId: string;
    readonly transfers: readonly {
      readonly fromId: string;
      readonly toId: string;
      readonly amount: { readonly amount: string; readonly currency: string };
    }[];
  };

/** A user's preferences. */
export interface UserPrefs {
  readonly lang?: string;
  readonly muted?: boolean;
}

/** Undo goes back this far per chat and user. */
const MAX_RECORDED = 20;
/** Questions and edits wait this long for an answer. */
const QUESTION_TTL_S = 24 * 3600;
/** A chat's group and a user's preferences are forgotten after this long unused. */
const CHOICE_TTL_S = 90 * 24 * 3600;
/** What undo and edit act on, and the position of the last write, after this long unused. */
const RECENT_TTL_S = 30 * 24 * 3600;

/**
 * Typed access to the bot's state. Every update is one atomic store
 * operation (several bot instances may share the store), and every key has a
 * time to live that each use renews.
 */
export class ChatState {
  constructor(private readonly store: BotStore) {}

  /** The group chat `chatId` records into, if one was chosen. */
  group(chatId: number): Promise<string | undefined> {
    return this.store.read<string>(`group:${chatId}`, CHOICE_TTL_S);
  }
  /** Chooses the group of a chat. */
  setGroup(chatId: number, groupId: string): Promise<void> {
    return this.store.write(`group:${chatId}`, groupId, CHOICE_TTL_S);
  }

  /** What the user recorded in the chat, newest last. */
  recorded(chatId: number, userId: number): Promise<RecordedEntry[]> {
    return this.store.list<RecordedEntry>(`entries:${chatId}:${userId}`, RECENT_TTL_S);
  }
  /** Adds or replaces (same id) an entry, keeping the newest {@linkcode MAX_RECORDED}. */
  pushRecorded(chatId: number, userId: number, entry: RecordedEntry): Promise<void> {
    return this.store.push(`entries:${chatId}:${userId}`, entry, MAX_RECORDED, RECENT_TTL_S);
  }
  /** Forgets an entry (undone). */
  dropRecorded(chatId: number, userId: number, id: string): Promise<void> {
    return this.store.pull(`entries:${chatId}:${userId}`, id);
  }

  /** Stores a question; answers its short id for callback data. */
  async ask(question: PendingQuestion): Promise<string> {
    const id = crypto.randomUUID().replaceAll("-", "").slice(0, 12);
    await this.store.write(`question:${id}`, question, QUESTION_TTL_S);
    return id;
  }
  /** A pending question, if it has not expired. */
  question(id: string): Promise<PendingQuestion | undefined> {
    return this.store.read<PendingQuestion>(`question:${id}`);
  }

  /** The entry the user's next message replaces (after tapping Edit). */
  editing(chatId: number, userId: number): Promise<RecordedEntry | undefined> {
    return this.store.read<RecordedEntry>(`editing:${chatId}:${userId}`);
  }
  /** Starts (an entry) or ends (undefined) an edit. */
  async setEditing(chatId: number, userId: number, entry: RecordedEntry | undefined) {
    if (entry) await this.store.write(`editing:${chatId}:${userId}`, entry, QUESTION_TTL_S);
    else await this.store.delete(`editing:${chatId}:${userId}`);
  }

  /** The user's preferences. */
  prefs(userId: number): Promise<UserPrefs> {
    return this.store.fields<{ lang: string; muted: boolean }>(`settings:${userId}`, CHOICE_TTL_S);
  }
  /** Changes some of the user's preferences (the others are kept). */
  setPrefs(userId: number, change: UserPrefs): Promise<void> {
    return this.store.merge(`settings:${userId}`, { ...change }, CHOICE_TTL_S);
  }

  /** The position of the user's last write, for read-your-writes. */
  position(userId: number): Promise<number | undefined> {
    return this.store.read<number>(`position:${userId}`, RECENT_TTL_S);
  }
  /** Remembers the position of the user's last write (never goes back). */
  setPosition(userId: number, position: number): Promise<void> {
    return this.store.raise(`position:${userId}`, position, RECENT_TTL_S);
  }
}
