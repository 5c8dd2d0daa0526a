/**
 * Receipts through the bot: a photo, or an image or PDF sent as a file,
 * attaches to an expense the sender recorded through the bot in this chat —
 * the one the file replies to (the bot's confirmation, or the user's own
 * message), else the newest one recorded in the last 10 minutes. The file
 * comes from Telegram (`getFile`, at most 10 MiB) and goes to Kopek's public
 * attachments route under an id derived from Telegram's `file_unique_id` and
 * the expense, so a retry or the same photo sent again attaches once. Kopek
 * checks the type from the bytes; its refusals are said in the user's words.
 *
 * @module
 */
import { Composer } from "grammy";
import type { Message } from "grammy/types";
import { readBounded } from "@kopek/platform";
import { KopekApiError } from "../service/kopek_api.ts";
import type { Messages } from "../service/messages.ts";
import type { RecordedEntry } from "../state/chat_state.ts";
import type { BotContext } from "./context.ts";
import { forUser } from "./for_user.ts";

/** A file sent right after an expense attaches to it for this long. */
export const RECEIPT_WINDOW_MS = 10 * 60_000;
/** The largest file taken (Kopek's limit, ADR 0055). */
export const MAX_RECEIPT_BYTES = 10 * 1024 * 1024;

/** The Telegram file a message carries as a receipt. */
interface ReceiptFile {
  readonly fileId: string;
  readonly uniqueId: string;
  readonly size: number | undefined;
  readonly name: string | undefined;
}

/** Photos and image or PDF documents. */
export function receipts(): Composer<BotContext> {
  const composer = new Composer<BotContext>();
  composer.on(["message:photo", "message:document"], async (ctx, next) => {
    const file = receiptFile(ctx.message);
    if (!file) return await next();
    await forUser((c, userId) => attach(c, userId, ctx.message, file), { retry: true })(ctx);
  });
  return composer;
}

/** The receipt in a message: the largest size of a photo, or an image or PDF document. */
function receiptFile(message: Message): ReceiptFile | undefined {
  const photo = message.photo?.at(-1);
  if (photo) {
    return {
      fileId: photo.file_id,
      uniqueId: photo.file_unique_id,
      size: photo.file_size,
      name: undefined,
    };
  }
  const doc = message.document;
  if (!doc || !/^(image\/|application\/pdf$)/.test(doc.mime_type ?? "")) return undefined;
  return {
    fileId: doc.file_id,
    uniqueId: doc.file_unique_id,
    size: doc.file_size,
    name: doc.file_name?.slice(0, 200),
  };
}

async function attach(
  ctx: BotContext,
  userId: number,
  message: Message,
  file: ReceiptFile,
): Promise<void> {
  const t = await ctx.messages();
  const expense = await receiptTarget(ctx, userId, message);
  if (!expense) return void await ctx.reply(t.receiptNoExpense);
  if ((file.size ?? 0) > MAX_RECEIPT_BYTES) return void await ctx.reply(t.receiptTooLarge);
  const got = await ctx.api.getFile(file.fileId);
  if ((got.file_size ?? 0) > MAX_RECEIPT_BYTES || !got.file_path) {
    return void await ctx.reply(t.receiptTooLarge);
  }
  const bytes = await download(ctx.settings.fileUrl(got.file_path));
  if (!bytes) return void await ctx.reply(t.receiptTooLarge);
  const id = ctx.settings.idOfMessage(
    ctx.me.id,
    ctx.chat!.id,
    0,
    `receipt\0${file.uniqueId}\0${expense.id}`,
  );
  try {
    await ctx.kopek.addAttachment(userId, expense.groupId, expense.id, id, bytes, file.name);
  } catch (error) {
    const said = error instanceof KopekApiError ? refusal(t, error) : undefined;
    if (!said) throw error;
    return void await ctx.reply(said);
  }
  const about = expense.about;
  await ctx.reply(t.receiptAttached(
    about ? `${about.amount} ${about.currency}${t.forWhat(about.description)}` : t.thatExpense,
  ));
}

/**
 * The expense a receipt is for: the one the message replies to (the bot's confirmation carries
 * its id in its buttons; the user's own message gives it by derivation), else the newest one
 * recorded within {@linkcode RECEIPT_WINDOW_MS}. Only expenses the user recorded here count.
 */
async function receiptTarget(
  ctx: BotContext,
  userId: number,
  message: Message,
): Promise<RecordedEntry | undefined> {
  const chatId = ctx.chat!.id;
  const expenses = (await ctx.chatState.recorded(chatId, userId)).filter((e) =>
    e.kind === "expense"
  );
  const reply = message.reply_to_message;
  if (reply) {
    const named = (reply.reply_markup?.inline_keyboard ?? []).flat()
      .map((b) => "callback_data" in b ? /^[ue]:(.+)$/.exec(b.callback_data ?? "")?.[1] : undefined)
      .filter((id) => id !== undefined);
    named.push(ctx.settings.idOfMessage(ctx.me.id, chatId, reply.message_id, "expense"));
    return expenses.find((e) => named.includes(e.id));
  }
  const since = ctx.settings.now().getTime() - RECEIPT_WINDOW_MS;
  return expenses.filter((e) => (e.at ?? 0) >= since).at(-1);
}

/** The file's bytes, or undefined past {@linkcode MAX_RECEIPT_BYTES}. */
async function download(url: string): Promise<Uint8Array<ArrayBuffer> | undefined> {
  let res: Response;
  try {
    res = await fetch(url, { signal: AbortSignal.timeout(30_000) });
  } catch {
    // The URL holds the bot's token: never in an error that may be logged.
    throw new Error("could not download the file from Telegram");
  }
  if (!res.ok || !res.body) {
    await res.body?.cancel();
    throw new Error(`Telegram answered ${res.status} for the file`);
  }
  try {
    return await readBounded(res.body, MAX_RECEIPT_BYTES);
  } catch {
    throw new Error("the download of the file from Telegram failed");
  }
}

/** Kopek's refusal of an upload, in the user's words; undefined for what is not a refusal. */
function refusal(t: Messages, error: KopekApiError): string | undefined {
  switch (error.code) {
    case "attachment.too_large":
    case "too_large":
      return t.receiptTooLarge;
    case "attachment.unsupported_type":
    case "unsupported_media_type":
      return t.receiptUnsupported;
    case "attachment.image_too_large":
      return t.receiptImageTooLarge;
    case "attachment.limit":
      return t.receiptLimit;
    case "expense.voided":
    case "not_found":
      return t.receiptExpenseGone;
  }
  if (error.status === 403) return t.receiptForbidden;
  return undefined;
}
