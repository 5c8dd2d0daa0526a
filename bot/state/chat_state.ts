/**
 * The bot's conversation state over a {@linkcode BotStore}, typed: the group
 * each chat records into, the entries each user recorded (for undo and
 * edit), pending inline-keyboard questions (keyed by a short id, since
 * callback data holds at most 64 bytes), each user's language and mute, and
 * the position of each user's last write (for read-your-writes).
 *
 * @module
 */
import type { BotStore } from "./store.ts";

/** An expense or settlement the bot recorded for a user. */
export interface RecordedEntry {
  readonly kind: "expense" | "settlement";
  readonly groupId: string;
  readonly id: string;
  readonly version: number;
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
    /** The settle-up plan: one transfer per button. */
    readonly kind: "settle";
    readonly userId: number;
    readonly groupId: string;
    readonly transfers: readonly {
      readonly from: string;
      readonly to: string;
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

/** Typed access to the bot's state. */
export class ChatState {
  constructor(private readonly store: BotStore) {}

  /** The group chat `chatId` records into, if one was chosen. */
  group(chatId: number): Promise<string | undefined> {
    return this.store.read<string>(`group:${chatId}`);
  }
  /** Chooses the group of a chat. */
  setGroup(chatId: number, groupId: string): Promise<void> {
    return this.store.write(`group:${chatId}`, groupId);
  }

  /** What the user recorded in the chat, newest last. */
  async recorded(chatId: number, userId: number): Promise<RecordedEntry[]> {
    return await this.store.read<RecordedEntry[]>(`recorded:${chatId}:${userId}`) ?? [];
  }
  /** Adds or replaces (same id) an entry, keeping the newest {@linkcode MAX_RECORDED}. */
  async pushRecorded(chatId: number, userId: number, entry: RecordedEntry): Promise<void> {
    const rest = (await this.recorded(chatId, userId)).filter((e) => e.id !== entry.id);
    await this.store.write(
      `recorded:${chatId}:${userId}`,
      [...rest, entry].slice(-MAX_RECORDED),
    );
  }
  /** Forgets an entry (undone). */
  async dropRecorded(chatId: number, userId: number, id: string): Promise<void> {
    const rest = (await this.recorded(chatId, userId)).filter((e) => e.id !== id);
    await this.store.write(`recorded:${chatId}:${userId}`, rest);
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
  async prefs(userId: number): Promise<UserPrefs> {
    return await this.store.read<UserPrefs>(`prefs:${userId}`) ?? {};
  }
  /** Changes some of the user's preferences. */
  async setPrefs(userId: number, change: UserPrefs): Promise<void> {
    await this.store.write(`prefs:${userId}`, { ...await this.prefs(userId), ...change });
  }

  /** The position of the user's last write, for read-your-writes. */
  position(userId: number): Promise<number | undefined> {
    return this.store.read<number>(`position:${userId}`);
  }
  /** Remembers the position of the user's last write (never goes back). */
  async setPosition(userId: number, position: number): Promise<void> {
    const known = await this.position(userId);
    if (known === undefined || position > known) {
      await this.store.write(`position:${userId}`, position);
    }
  }
}
