/**
 * The mails Kopek sends, rendered from their data into a text part and an
 * HTML part (ADR 0060). Pure: no I/O. Every piece of user-supplied text
 * (names of people and groups) is escaped in the HTML part, and anything that
 * goes into a header (the subject) has its line breaks and other control
 * characters turned into spaces, so that a name with a newline cannot add a
 * header (`Bcc:`) or end the headers early.
 *
 * @module
 */

/** A rendered mail, ready for the outbox. */
export interface RenderedMail {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/** The longest subject Kopek writes (characters); a longer one is cut with an ellipsis. */
export const MAX_SUBJECT_CHARS = 200;

/** `s` with `& < > " '` as HTML entities: safe in element content and quoted attributes. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/**
 * `s` made safe for one header line: every control character (CR, LF, tab,
 * NUL, DEL, and the C1 controls, U+2028/U+2029) becomes a space, runs of
 * spaces collapse, and the result is at most `max` characters.
 */
export function headerText(s: string, max = MAX_SUBJECT_CHARS): string {
  // deno-lint-ignore no-control-regex
  const flat = s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, " ").replace(/\s+/g, " ")
    .trim();
  const chars = [...flat];
  return chars.length <= max ? flat : `${chars.slice(0, max - 1).join("")}…`;
}

/** `s` for the text part: control characters other than line breaks become spaces. */
function plain(s: string): string {
  // deno-lint-ignore no-control-regex
  return s.replace(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g, " ");
}

/** The HTML page around a mail's paragraphs (already escaped). */
function page(title: string, paragraphs: readonly string[]): string {
  return [
    "<!doctype html>",
    '<html><head><meta charset="utf-8">',
    `<title>${escapeHtml(title)}</title></head>`,
    '<body style="font-family: sans-serif; line-height: 1.5">',
    ...paragraphs.map((p) => `<p>${p}</p>`),
    '<p style="color: #666; font-size: small">Kopek</p>',
    "</body></html>",
  ].join("\n");
}

/** A link as HTML: the URL escaped in the attribute and in the text. */
function link(url: string, label: string): string {
  return `<a href="${escapeHtml(url)}">${escapeHtml(label)}</a>`;
}

/** The mail of a password reset: the single-use link, and how long it works. */
export function passwordResetMail(
  input: { displayName: string; link: string; validMinutes: number },
): RenderedMail {
  const subject = "Reset your Kopek password";
  const text = [
    `Hello ${plain(input.displayName)},`,
    "",
    "Someone (we hope you) asked to reset the password of your Kopek account.",
    `Open this link within ${input.validMinutes} minutes to choose a new password:`,
    "",
    input.link,
    "",
    "The link works once. If you did not ask, ignore this mail: your password stays as it is.",
  ].join("\n");
  const html = page(subject, [
    `Hello ${escapeHtml(input.displayName)},`,
    "Someone (we hope you) asked to reset the password of your Kopek account.",
    `Open this link within ${input.validMinutes} minutes to choose a new password: ` +
    link(input.link, "choose a new password"),
    "The link works once. If you did not ask, ignore this mail: your password stays as it is.",
  ]);
  return { subject, text, html };
}

/** The mail of an invite: who invites, to which group, the link and until when it works. */
export function inviteMail(
  input: { inviterName: string; groupName: string; link: string; expiresAt: string },
): RenderedMail {
  const subject = headerText(`${input.inviterName} invites you to ${input.groupName} on Kopek`);
  const until = input.expiresAt.slice(0, 10);
  const text = [
    `${plain(input.inviterName)} invites you to share expenses in "${plain(input.groupName)}".`,
    "",
    "Open this link to join (you can create an account there):",
    "",
    input.link,
    "",
    `The invite works until ${until}.`,
  ].join("\n");
  const html = page(subject, [
    `${escapeHtml(input.inviterName)} invites you to share expenses in ` +
    `“${escapeHtml(input.groupName)}”.`,
    `Open this link to join (you can create an account there): ${link(input.link, "join")}`,
    `The invite works until ${escapeHtml(until)}.`,
  ]);
  return { subject, text, html };
}

/** One group's line in a weekly summary: the user's net balance there, per currency. */
export interface SummaryGroup {
  readonly name: string;
  /** Formatted amounts ("12.50"), positive when the user gets money. */
  readonly balances: readonly { currency: string; amount: string }[];
}

/** The weekly summary: the user's balance in each group, and a link to the app. */
export function weeklySummaryMail(
  input: { displayName: string; week: string; groups: readonly SummaryGroup[]; link: string },
): RenderedMail {
  const subject = `Your Kopek week ${input.week}`;
  const lineOf = (b: { currency: string; amount: string }) =>
    b.amount.startsWith("-")
      ? `you owe ${b.amount.slice(1)} ${b.currency}`
      : b.amount.replace(/[0.,]/g, "") === ""
      ? `settled in ${b.currency}`
      : `you are owed ${b.amount} ${b.currency}`;
  const shown = input.groups.filter((g) => g.balances.length > 0);
  const text = [
    `Hello ${plain(input.displayName)},`,
    "",
    shown.length === 0 ? "You have no open balances." : "Your balances:",
    ...shown.map((g) => `- ${plain(g.name)}: ${g.balances.map(lineOf).join("; ")}`),
    "",
    `Open Kopek: ${input.link}`,
    "",
    "You get this mail because you turned on weekly summaries in your account.",
  ].join("\n");
  const items = shown.map((g) =>
    `<li>${escapeHtml(g.name)}: ${escapeHtml(g.balances.map(lineOf).join("; "))}</li>`
  );
  const html = page(subject, [
    `Hello ${escapeHtml(input.displayName)},`,
    shown.length === 0
      ? "You have no open balances."
      : `Your balances:</p><ul>${items.join("")}</ul><p>`,
    link(input.link, "Open Kopek"),
    "You get this mail because you turned on weekly summaries in your account.",
  ]);
  return { subject, text, html };
}
