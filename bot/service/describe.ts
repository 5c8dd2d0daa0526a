/**
 * The bot's replies in words: what was recorded, with the defaults it applied,
 * and balances. Pure functions, no network.
 *
 * @module
 */
import type { ExpenseParse } from "../parse/types.ts";
import type { Balances, Member } from "./kopek_api.ts";

/**
 * "Recorded 50.00 USD for food, paid by Ana, split equally between Ana, Bob,
 * Chen (today)": the payer, the participants and the date always appear, so a
 * default the user did not mean is visible at once.
 */
export function describeRecorded(
  expense: ExpenseParse,
  today: string,
  memberCount: number,
): string {
  const what = expense.description ? ` for ${expense.description}` : "";
  const split = expense.splitWith.length === 1
    ? `for ${expense.splitWith[0]} alone`
    : `split equally between ${expense.splitWith.join(", ")}${
      expense.splitWith.length === memberCount ? " (everyone)" : ""
    }`;
  const when = expense.date === today ? "today" : expense.date;
  return `Recorded ${expense.total.amount} ${expense.total.currency}${what}, paid by ${expense.paidBy}, ${split} (${when}). /undo to take it back.`;
}

/** One line per member ("Ana: +33.34 USD"), then the transfers that settle up. */
export function describeBalances(
  groupName: string,
  balances: Balances,
  members: readonly Member[],
): string {
  const name = (id: string) => members.find((m) => m.id === id)?.name ?? "someone";
  const lines = [`Balances in ${groupName}:`];
  for (const m of balances.members) {
    const amount = m.balance.amount;
    const signed = amount.startsWith("-") || /^0(\.0+)?$/.test(amount) ? amount : `+${amount}`;
    lines.push(`${name(m.memberId)}: ${signed} ${m.balance.currency}`);
  }
  if (balances.settleUp.length === 0) lines.push("Everyone is settled up.");
  for (const t of balances.settleUp) {
    lines.push(`${name(t.from)} pays ${name(t.to)} ${t.amount.amount} ${t.amount.currency}`);
  }
  return lines.join("\n");
}
