/**
 * A group with a long, varied history, built through the public API: every
 * kind of group event (renames, members added, renamed, re-roled, removed,
 * an invite claimed, expenses in all four split modes and three currencies,
 * amends, voids, settlements and their voids), for export, import and audit
 * tests.
 *
 * @module
 */
import type { KopekClient } from "./client.ts";

/** What {@linkcode busyGroup} built. */
export interface BusyGroup {
  readonly groupId: string;
  /** Member ids by name. */
  readonly members: Record<string, string>;
  /** The position of the last write. */
  readonly position: number;
  /** How many sync commands were sent. */
  readonly commands: number;
}

function must(a: { status: number; body: Record<string, unknown> }, what: string, status: number) {
  if (a.status !== status) throw new Error(`${what}: ${a.status} ${JSON.stringify(a.body)}`);
  return a.body;
}

/**
 * Builds the group as `owner`, with `claimer` claiming a placeholder through
 * an invite; sends `expenses` ledger commands through `/v1/sync`.
 */
export async function busyGroup(
  owner: KopekClient,
  claimer: KopekClient,
  expenses: number,
): Promise<BusyGroup> {
  const g = must(
    await owner.post("/v1/groups", { name: "Long trip", currency: "EUR" }),
    "group",
    201,
  );
  const groupId = g.id as string;
  const members: Record<string, string> = { Ana: g.memberId as string };
  const path = `/v1/groups/${groupId}`;
  must(await owner.patch(path, { name: "Long trip 2026" }), "rename", 200);
  for (
    const [name, role] of [["Bob", "member"], ["Chen", "member"], ["Dana", "viewer"], [
      "Eve",
      "member",
    ]]
  ) {
    const m = must(await owner.post(`${path}/members`, { name, role }), `add ${name}`, 201);
    members[name] = m.id as string;
  }
  must(
    await owner.patch(`${path}/members/${members.Chen}`, { name: "Chen Li" }),
    "rename Chen",
    200,
  );
  members["Chen Li"] = members.Chen;
  delete members.Chen;
  must(
    await owner.patch(`${path}/members/${members.Dana}`, { role: "auditor" }),
    "re-role Dana",
    200,
  );
  must(await owner.delete(`${path}/members/${members.Eve}`), "remove Eve", 200);
  delete members.Eve;
  const invite = must(
    await owner.post(`${path}/invites`, { memberId: members.Bob, role: "member" }),
    "invite",
    201,
  );
  must(await claimer.post(`/v1/invites/${invite.code}/accept`, {}), "accept", 200);
  const ids = [members.Ana, members.Bob, members["Chen Li"], members.Dana];
  const expenseIds: string[] = [];
  const settlementIds: string[] = [];
  let position = 0;
  let sent = 0;
  let batch: unknown[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const a = must(await owner.post("/v1/sync", { commands: batch }), "sync", 200);
    const bad = (a.results as { status: number; problem?: unknown }[]).filter((r) =>
      r.status >= 300
    );
    if (bad.length > 0) throw new Error(`sync refused: ${JSON.stringify(bad.slice(0, 3))}`);
    position = a.position as number;
    sent += batch.length;
    batch = [];
  };
  const command = (type: string, body: Record<string, unknown>, id = crypto.randomUUID()) => {
    batch.push({ id, type, groupId, body });
    return id;
  };
  for (let i = 0; i < expenses; i++) {
    const day = `2026-${String(1 + (i % 12)).padStart(2, "0")}-${
      String(1 + (i % 28)).padStart(2, "0")
    }`;
    if (i % 13 === 12) {
      const from = ids[i % 4];
      const to = ids[(i + 1) % 4];
      settlementIds.push(command("settlement.record", {
        from,
        to,
        amount: { amount: `${5 + (i % 40)}.25`, currency: "EUR" },
        date: day,
      }));
      continue;
    }
    if (i % 29 === 28 && settlementIds.length > 0) {
      command("settlement.void", { settlementId: settlementIds.shift() });
      continue;
    }
    if (i % 7 === 6 && expenseIds.length > 0) {
      const expenseId = expenseIds[expenseIds.length - 1];
      command("expense.amend", { expenseId, ...expense(i + 1, day, ids) });
      continue;
    }
    if (i % 11 === 10 && expenseIds.length > 0) {
      command("expense.void", { expenseId: expenseIds.shift() });
      continue;
    }
    expenseIds.push(command("expense.record", expense(i, day, ids)));
    if (batch.length >= 500) await flush();
  }
  await flush();
  return { groupId, members, position, commands: sent };
}

const CATEGORIES = ["food", "groceries", "transport", "lodging", "entertainment", "other"];

/** The i-th generated expense body: modes, payers and currencies rotate. */
function expense(i: number, date: string, ids: readonly string[]) {
  const currency = ["EUR", "USD", "JPY"][i % 3];
  const amount = currency === "JPY"
    ? String(1000 + i * 7)
    : `${10 + (i % 90)}.${String(i % 100).padStart(2, "0")}`;
  const sharers = ids.slice(0, 2 + (i % 3));
  const mode = ["equal", "exact", "percent", "shares"][i % 4];
  const split = mode === "equal"
    ? { mode, shares: sharers.map((memberId) => ({ memberId })) }
    : mode === "exact"
    ? { mode, shares: [{ memberId: sharers[0], amount }] }
    : mode === "percent"
    ? {
      mode,
      shares: [{ memberId: sharers[0], percent: "60" }, { memberId: sharers[1], percent: "40" }],
    }
    : { mode, shares: sharers.map((memberId, k) => ({ memberId, weight: k + 1 })) };
  return {
    description: `Thing ${i} "quoted", back\\slash`,
    total: { amount, currency },
    date,
    category: CATEGORIES[i % CATEGORIES.length],
    paidBy: [{ memberId: ids[i % 2], amount }],
    split,
    note: i % 5 === 0 ? "=1+1 a note\nwith a newline" : null,
    ...(currency === "EUR" ? {} : { fx: { rate: currency === "USD" ? "0.9231" : "0.00612" } }),
  };
}
