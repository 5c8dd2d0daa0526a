/**
 * Exports of a group: `export.sql`, its event history as a self-contained SQL
 * script replayed from the event store (owners and auditors; see
 * `@kopek/eventstore`'s dump format), and `export.csv`, its expenses and
 * payments (settlements) for spreadsheets from the expenses read model (every member). Both stream: the
 * memory they take does not grow with the group.
 *
 * @module
 */
import type { Hono } from "hono";
import { stringify } from "csv-stringify/sync";
import { type ExpenseData, groupStream, PERSONAL_FIELDS, type SettlementData } from "@kopek/domain";
import { sqlDumpOfStreams, streamEvents } from "@kopek/eventstore";
import { categoryLabels, type EntryPageKey, getGroup, listEntries } from "@kopek/projector";
import type { QueryApiDeps, RouteDeps } from "../deps.ts";
import { knownGroup } from "../known_group.ts";
import { notFound, parseQuery, requireGroupRole } from "../_http.ts";
import { requireAuditor } from "./audit.ts";

/** The columns of `export.csv`. */
export const CSV_COLUMNS = [
  "id",
  "date",
  "description",
  "category",
  "amount",
  "currency",
  "group_amount",
  "group_currency",
  "rate",
  "paid_by",
  "shares",
  "note",
  "kind",
  "items",
] as const;

/** A file name from a group name: letters, digits and dashes. */
export function fileName(groupName: string, date: string, extension: string): string {
  const slug = groupName.normalize("NFKD").replace(/[^\w-]+/g, "-").replace(/^-+|-+$/g, "")
    .slice(0, 60) || "group";
  return `kopek-${slug}-${date}.${extension}`;
}

/**
 * One expense as a CSV record; `names` maps member ids to names, `categories`
 * custom category ids to their names (a built-in category is its own name).
 */
export function csvRecord(
  id: string,
  data: ExpenseData,
  names: ReadonlyMap<string, string>,
  categories: ReadonlyMap<string, string> = new Map(),
): string[] {
  const who = (lines: readonly { memberId: string; amount: string }[]) =>
    lines.map((l) => `${names.get(l.memberId) ?? l.memberId} ${l.amount}`).join("; ");
  return [
    id,
    data.date,
    data.description,
    categories.get(data.category) ?? data.category,
    data.total.amount,
    data.total.currency,
    data.converted.amount,
    data.converted.currency,
    data.fx?.rate ?? "",
    who(data.paid),
    who(data.shares),
    data.note ?? "",
    "expense",
    itemsText(data, names),
  ];
}

/**
 * The `items` column of an itemized expense (ADR 0050), empty otherwise:
 * each item as "description amount (who, …)", then the charges as given,
 * "; " between them, amounts in the expense's currency. For example
 * `Pizza 20.00 (Ana); Wine 30.00 (Ana, Ben); tax 10%; tip 3.50`.
 */
export function itemsText(data: ExpenseData, names: ReadonlyMap<string, string>): string {
  if (!data.items) return "";
  const parts = data.items.map((item) =>
    `${item.description} ${item.amount} (${
      item.split.shares.map((s) => names.get(s.memberId) ?? s.memberId).join(", ")
    })`
  );
  for (const kind of ["tax", "tip", "service"] as const) {
    const c = data.charges?.[kind];
    if (c) parts.push(`${kind} ${c.percent !== undefined ? `${c.percent}%` : c.amount}`);
  }
  return parts.join("; ");
}

/**
 * One payment (settlement) as a CSV record, in the columns of an expense:
 * `description` "Ana paid Ben", no category, `paid_by` the sender and
 * `shares` the receiver (so that paid minus shares sums to the balances, as
 * for expenses), `kind` `settlement`.
 */
export function csvSettlementRecord(
  id: string,
  data: SettlementData,
  names: ReadonlyMap<string, string>,
): string[] {
  const from = names.get(data.from) ?? data.from;
  const to = names.get(data.to) ?? data.to;
  return [
    id,
    data.date,
    `${from} paid ${to}`,
    "",
    data.amount.amount,
    data.amount.currency,
    data.converted.amount,
    data.converted.currency,
    data.fx?.rate ?? "",
    `${from} ${data.converted.amount}`,
    `${to} ${data.converted.amount}`,
    data.note ?? "",
    "settlement",
    "",
  ];
}

/** CSV text of records; cells that a spreadsheet would run as a formula are escaped. */
export function csvText(records: readonly (readonly string[])[]): string {
  return stringify(records as string[][], { escape_formulas: true, record_delimiter: "\r\n" });
}

/**
 * The group's name for the dump's header and file name: from the groups read
 * model, or, where it does not have the group (yet), from the history (the
 * dump's content needs no read model). Null when the group has no events.
 */
export async function nameFromHistory(deps: QueryApiDeps, groupId: string): Promise<string | null> {
  const known = await getGroup(deps.sql, groupId);
  if (known) return known.name;
  let name: string | null = null;
  for await (const e of streamEvents(deps.store, groupStream(groupId))) {
    if (e.type === "GroupCreated" || e.type === "GroupRenamed") {
      name = (e.data as { name: string }).name;
    }
  }
  return name;
}

/** Mounts the export routes. */
export function exportRoutes(deps: RouteDeps) {
  const now = deps.now ?? (() => new Date());
  return (app: Hono) => {
    app.get("/v1/groups/:groupId/export.sql", async (c) => {
      parseQuery(c, {});
      const groupId = c.req.param("groupId").toLowerCase();
      await requireAuditor(deps, c, groupId);
      const name = await nameFromHistory(deps, groupId);
      if (name === null) throw notFound("group");
      const at = now().toISOString();
      // A consistent snapshot: the history up to the head when the export started.
      const untilPosition = await deps.store.headPosition();
      const body = sqlDumpOfStreams(
        deps.store,
        [groupStream(groupId)],
        { untilPosition, sealing: PERSONAL_FIELDS },
        { exportedAt: at, title: `group ${groupId} ${JSON.stringify(name)}` },
      );
      return c.body(body, 200, {
        "content-type": "application/sql; charset=utf-8",
        "content-disposition": `attachment; filename="${fileName(name, at.slice(0, 10), "sql")}"`,
        "cache-control": "no-store",
      });
    });

    app.get("/v1/groups/:groupId/export.csv", async (c) => {
      parseQuery(c, {});
      const groupId = c.req.param("groupId").toLowerCase();
      await requireGroupRole(deps, groupId, c.get("userId"));
      const group = await knownGroup(deps, () => getGroup(deps.sql, groupId));
      const names = new Map(group.members.map((m) => [m.id, m.name]));
      const categories = new Map(
        [...await categoryLabels(deps.sql, groupId)].map(([k, v]) => [k, v.name]),
      );
      const encoder = new TextEncoder();
      let after: EntryPageKey | null = null;
      let started = false;
      const body = new ReadableStream<Uint8Array>({
        async pull(controller) {
          if (!started) {
            started = true;
            controller.enqueue(encoder.encode(csvText([[...CSV_COLUMNS]])));
            return;
          }
          const page = await listEntries(deps.sql, groupId, { kind: "all", limit: 500, after });
          if (page.length > 0) {
            const rows = page.map((e) =>
              e.kind === "expense"
                ? csvRecord(e.id, e.data as ExpenseData, names, categories)
                : csvSettlementRecord(e.id, e.data as SettlementData, names)
            );
            controller.enqueue(encoder.encode(csvText(rows)));
          }
          if (page.length < 500) controller.close();
          else after = { date: page[499].date, position: page[499].createdPosition };
        },
      });
      return c.body(body, 200, {
        "content-type": "text/csv; charset=utf-8; header=present",
        "content-disposition": `attachment; filename="${
          fileName(group.name, now().toISOString().slice(0, 10), "csv")
        }"`,
        "cache-control": "no-store",
      });
    });
  };
}
