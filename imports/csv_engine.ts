/**
 * The spreadsheet import engine (ADR 0054): a Splitwise, Spliit or Tricount export read
 * as a stream of CSV records (`csv_records.ts`) and replayed through the
 * group decider (`SheetReplay` in `@kopek/domain`), beside the SQL dump's
 * engine and under the same job, lease and answer.
 *
 * Pass 1 reads the file twice: once for its people, the group's currency
 * (the first `Total balance` row's, else the first row's) and the rates it
 * needs, once to decide every row and check the totals. Pass 2 reads it
 * again and hands the runner each decided command. Memory: one chunk, one
 * record, the folded group, the rates by currency and date.
 *
 * @module
 */
import {
  groupEventSchemaVersion,
  isSpliitHeader,
  isSplitwiseHeader,
  isTricountHeader,
  type ResolvedFx,
  type SheetItem,
  SheetRefusal,
  SheetReplay,
  spliitItem,
  spliitPeople,
  splitwiseItem,
  splitwisePeople,
  tricountItem,
  type TricountLayout,
  tricountLayout,
} from "@kopek/domain";
import type { NewEvent } from "@kopek/eventstore";
import { csvRecords } from "./csv_records.ts";
import type {
  CheckOutcome,
  DumpBytes,
  ImportContext,
  ImportEngine,
  ImportPlan,
  ImportStep,
} from "./engine.ts";
import type { ImportSource } from "./job.ts";

/** Where rates not given with the request come from (the rates store's `FxResolver`). */
export interface SheetRates {
  rate(
    from: string,
    to: string,
    date: string,
  ): Promise<{ rate: string; date: string; source: string } | null>;
}

/** The most distinct (currency, date) pairs one file may need from the rates store. */
export const MAX_RATE_LOOKUPS = 1_000;

/** The default name of the new group. */
export const SHEET_GROUP_NAME = "Splitwise import";

/** What pass 1 leaves for pass 2, stored with the job. */
interface SheetSummary {
  readonly people: readonly string[];
  readonly currency: string;
  /** Rates from the store, by `CUR/YYYY-MM-DD`. */
  readonly stored: Readonly<Record<string, ResolvedFx>>;
  readonly events: number;
}

const breathe = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
const ROWS_PER_BREATH = 200;

/** The records after the header, as sheet items; the header's people first. */
async function* sheetItems(
  bytes: DumpBytes,
  source: ImportSource,
): AsyncGenerator<{ people: string[] } | SheetItem> {
  let people: string[] | null = null;
  let layout: TricountLayout | null = null;
  let format = source.format;
  let n = 0;
  for await (const { record, line } of csvRecords(bytes)) {
    if (people === null) {
      format ??= isSplitwiseHeader(record)
        ? "splitwise"
        : isSpliitHeader(record)
        ? "spliit"
        : isTricountHeader(record)
        ? "tricount"
        : null;
      if (format === null) {
        throw new SheetRefusal(
          "csv.malformed",
          "the header is not one of a known export (Splitwise: Date,Description,Category,Cost," +
            "Currency, then one column per person; Spliit: Date,Description,Category,Currency," +
            "Cost,Is Reimbursement,Split mode, then one column per person; Tricount: Title," +
            "Amount,Currency, Paid by <name> and Impacted to <name> columns)",
          line,
        );
      }
      if (format === "tricount") {
        layout = tricountLayout(record, line);
        people = [...layout.people];
      } else {
        people = format === "spliit" ? spliitPeople(record, line) : splitwisePeople(record, line);
      }
      yield { people };
      continue;
    }
    yield format === "tricount"
      ? tricountItem(record, line, layout!, source.currency ?? null)
      : format === "spliit"
      ? spliitItem(record, line, people, source.currency ?? null)
      : splitwiseItem(record, line, people);
    if (++n % ROWS_PER_BREATH === 0) await breathe();
  }
  if (people === null) throw new SheetRefusal("csv.malformed", "the file is empty", 1);
}

/** The conversion of the request's rate for a currency, on a row's date. */
function requestFx(source: ImportSource, currency: string, date: string): ResolvedFx | null {
  const rate = source.rates[currency];
  return rate === undefined ? null : { kind: "rate", rate, date, source: "import" };
}

/** Pass 1's first read: people, currency, and the rates the store must give. */
async function survey(bytes: DumpBytes, source: ImportSource, rates: SheetRates | undefined) {
  let people: readonly string[] = [];
  let firstRow: string | null = null;
  let firstTotal: string | null = null;
  const needed = new Set<string>();
  const rows: { currency: string; date: string }[] = [];
  for await (const item of sheetItems(bytes, source)) {
    if ("people" in item) people = item.people;
    else if (item.kind === "total") firstTotal ??= item.total.currency;
    else if (item.kind === "row") {
      firstRow ??= item.row.currency;
      if (source.rates[item.row.currency] === undefined && rates) {
        const key = `${item.row.currency}/${item.row.date}`;
        if (!needed.has(key)) {
          needed.add(key);
          rows.push({ currency: item.row.currency, date: item.row.date });
          if (needed.size > MAX_RATE_LOOKUPS) {
            throw new SheetRefusal(
              "csv.too_large",
              `more than ${MAX_RATE_LOOKUPS} currency and date pairs need a rate: give rate.<CUR>`,
              item.row.line,
            );
          }
        }
      }
    }
  }
  const currency = firstTotal ?? firstRow ?? "EUR";
  const stored: Record<string, ResolvedFx> = {};
  for (const { currency: from, date } of rows) {
    if (from === currency || !rates) continue;
    const quote = await rates.rate(from, currency, date);
    if (quote) stored[`${from}/${date}`] = { kind: "rate", ...quote };
  }
  return { people, currency, stored };
}

function replayOf(summary: SheetSummary, source: ImportSource, context: ImportContext) {
  return new SheetReplay({
    people: summary.people,
    me: source.me,
    currency: summary.currency,
    groupName: source.name ?? SHEET_GROUP_NAME,
    importerUserId: context.ownerUserId,
    idFor: context.idFor,
    rateFor: (currency, date) =>
      requestFx(source, currency, date) ?? summary.stored[`${currency}/${date}`] ?? null,
  });
}

/** Every decided command of the file, in order, with its source key. */
async function* decided(
  bytes: DumpBytes,
  summary: SheetSummary,
  source: ImportSource,
  context: ImportContext,
) {
  let replay: SheetReplay | null = null;
  for await (const item of sheetItems(bytes, source)) {
    if ("people" in item) {
      replay = replayOf(summary, source, context);
      yield* replay.start();
    } else yield* replay!.push(item);
  }
}

/** The engine of spreadsheet exports; `rates` is the store asked for rates the request lacks. */
export function createCsvImportEngine(options: { rates?: SheetRates } = {}): ImportEngine {
  const sourceOf = (context: ImportContext): ImportSource => {
    if (context.source?.type !== "csv") throw new Error("the CSV engine needs a CSV source");
    return context.source;
  };
  return {
    async check(bytes: DumpBytes, context: ImportContext): Promise<CheckOutcome> {
      const source = sourceOf(context);
      try {
        const found = await survey(bytes, source, options.rates);
        let summary: SheetSummary = { ...found, events: 0 };
        let events = 0;
        for await (const step of decided(bytes, summary, source, context)) {
          events += step.events.length;
        }
        summary = { ...summary, events };
        const plan: ImportPlan = {
          groups: [{ id: context.idFor("group", "sheet"), name: source.name ?? SHEET_GROUP_NAME }],
          events,
          summary,
        };
        return { ok: true, plan };
      } catch (e) {
        if (!(e instanceof SheetRefusal)) throw e;
        return { ok: false, refusal: { code: e.code, detail: e.message } };
      }
    },
    async replay(
      bytes: DumpBytes,
      plan: ImportPlan,
      context: ImportContext,
      onStep: (step: ImportStep) => Promise<void>,
    ): Promise<void> {
      const source = sourceOf(context);
      const summary = plan.summary as SheetSummary;
      const groupId = plan.groups[0].id;
      let replayed = 0;
      for await (const step of decided(bytes, summary, source, context)) {
        if (step.events.length === 0) continue;
        replayed += step.events.length;
        const commandId = context.idFor("command", step.key);
        const events: NewEvent[] = step.events.map((event, i) => ({
          id: context.idFor("event", `${step.key}/${i}`),
          type: event.type,
          schemaVersion: groupEventSchemaVersion(event.type),
          data: event.data,
          metadata: {
            actor: context.ownerUserId,
            commandId,
            at: context.at,
            requestId: context.requestId,
            ...(context.via ? { via: context.via } : {}),
          },
        }));
        await onStep({ groupId, events, replayed });
      }
      if (replayed !== summary.events) {
        throw new Error(
          `the CSV replay decided ${replayed} events where its check had ${summary.events}`,
        );
      }
    },
  };
}

/**
 * The engine of every upload: the CSV engine for a spreadsheet export
 * (`source.type === "csv"`), the dump's engine otherwise.
 */
export function createFormatEngine(dump: ImportEngine, csv: ImportEngine): ImportEngine {
  const pick = (context: ImportContext) => context.source?.type === "csv" ? csv : dump;
  return {
    check: (bytes, context) => pick(context).check(bytes, context),
    replay: (bytes, plan, context, onStep) => pick(context).replay(bytes, plan, context, onStep),
  };
}
