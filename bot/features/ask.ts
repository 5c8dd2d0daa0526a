/**
 * Questions back instead of a guess: which of the members sharing a name a
 * message means, or which reading of an ambiguous message (which amount,
 * who a name is, what a name's role is). Each is kept in the chat state
 * with the message it answers; its buttons carry `q:<question>:<choice>`
 * (answered by the questions feature).
 *
 * @module
 */
import { InlineKeyboard } from "grammy";
import type { Ambiguity } from "../service/ambiguity.ts";
import type { Member } from "../service/kopek_api.ts";
import type { BotContext } from "./context.ts";

/** The message a question is about: its text, id and date (the entry's id and "today"). */
export interface Asked {
  readonly userId: number;
  readonly text: string;
  readonly messageId: number;
  readonly date: number;
}

/** Asks which of `candidates` (all named `name`) the message means; `me` is marked "you". */
export async function askWhichMember(
  ctx: BotContext,
  asked: Asked,
  name: string,
  candidates: readonly Member[],
  me: Member,
  picked: Readonly<Record<string, string>>,
): Promise<void> {
  const t = await ctx.messages();
  const id = await ctx.chatState.ask({
    kind: "member",
    ...asked,
    name,
    picked,
    choices: candidates.map((x) => x.id),
  });
  const keyboard = new InlineKeyboard();
  candidates.forEach((x, i) =>
    keyboard.text(t.memberChoice(x.name, i + 1, x.id === me.id), `q:${id}:${i}`).row()
  );
  await ctx.reply(t.whichMember(name), { reply_markup: keyboard });
}

/** Asks which reading of an ambiguous message was meant, one button per reading. */
export async function askWhichReading(
  ctx: BotContext,
  asked: Asked,
  question: Ambiguity,
): Promise<void> {
  const t = await ctx.messages();
  const id = await ctx.chatState.ask({
    kind: "text",
    ...asked,
    choices: question.choices.map((c) => c.text),
  });
  const keyboard = new InlineKeyboard();
  const about = question.about;
  const roles = { paid: t.rolePaid, shares: t.roleShares, for: t.roleFor };
  question.choices.forEach((c, i) => {
    const label = about.kind === "name" && c.label === ""
      ? t.dropName(about.name)
      : about.kind === "role"
      ? roles[c.label as keyof typeof roles](about.name)
      : c.label;
    keyboard.text(label, `q:${id}:${i}`).row();
  });
  await ctx.reply(
    about.kind === "amount"
      ? t.whichAmount
      : about.kind === "name"
      ? t.whoIs(about.name)
      : t.whatRole(about.name),
    { reply_markup: keyboard },
  );
}
