/**
 * A sheet replayed through the group decider (ADR 0054): the group and
 * one placeholder member per column, then each row's command
 * (`row_command.ts`) decided and folded like any API command. It checks
 * each `Total balance` row against the sum of the file's rows of its
 * currency, and, when every row is in the group's currency, the group's
 * balances against the total. Memory: the folded group and one sum per
 * currency and column.
 *
 * @module
 */
import { DomainError } from "../../../errors.ts";
import { formatAmount } from "../../../money/money.ts";
import type { GroupCommand, ResolvedFx } from "../../commands.ts";
import { decideGroup } from "../../decide.ts";
import type { GroupEvent } from "../../events.ts";
import { evolveGroup } from "../../evolve.ts";
import { type GroupState, initialGroupState } from "../../state.ts";
import type { IdFor } from "../translate.ts";
import { rowCommand } from "./row_command.ts";
import { MAX_SHEET_ROWS, type SheetItem, SheetRefusal, type SheetRow } from "./sheet.ts";

/** The name of the importer's own member when no column is theirs. */
export const IMPORTER_MEMBER_NAME = "Me";

/** How a sheet is replayed. */
export interface SheetReplayOptions {
  /** The column names, in order. */
  readonly people: readonly string[];
  /** The column bound to the importer (the owner), or null: the importer is a member of their own. */
  readonly me: string | null;
  /** The new group's currency. */
  readonly currency: string;
  readonly groupName: string;
  readonly importerUserId: string;
  readonly idFor: IdFor;
  /**
   * The conversion of a row in another currency: units of the group's
   * currency per one unit of it, for the row's date; null when none is known.
   */
  readonly rateFor: (currency: string, date: string) => ResolvedFx | null;
}

/** A decided command of the import. */
export interface SheetStep {
  /** The source key of its ids (`group`, `column:<i>`, `line:<n>`). */
  readonly key: string;
  readonly command: GroupCommand;
  readonly events: readonly GroupEvent[];
}

/** Replays a sheet: {@linkcode start}, {@linkcode push} each item, then {@linkcode finish}. */
export class SheetReplay {
  state: GroupState = initialGroupState();
  /** The members' ids, in column order. */
  readonly members: readonly string[];
  readonly #options: SheetReplayOptions;
  readonly #sums = new Map<string, bigint[]>();
  readonly #totals = new Set<string>();
  #foreign = false;
  #rows = 0;

  constructor(options: SheetReplayOptions) {
    this.#options = options;
    if (options.me !== null && !options.people.includes(options.me)) {
      throw new SheetRefusal(
        "csv.unknown_person",
        `me=${options.me} names no column of the file (its people: ${options.people.join(", ")})`,
      );
    }
    this.members = options.people.map((_, i) => options.idFor("member", `column:${i}`));
  }

  /** The group's creation and its members. */
  start(): SheetStep[] {
    const { people, me, idFor, currency, groupName } = this.#options;
    const mine = me === null ? -1 : people.indexOf(me);
    const steps = [this.#decide("group", {
      type: "group.create",
      groupId: idFor("group", "sheet"),
      name: groupName,
      currency,
      ownerMemberId: mine < 0 ? idFor("member", "importer") : this.members[mine],
      ownerName: mine < 0 ? IMPORTER_MEMBER_NAME : people[mine],
    }, null)];
    people.forEach((name, i) => {
      if (i === mine) return;
      steps.push(this.#decide(`column:${i}`, {
        type: "member.add",
        memberId: this.members[i],
        name,
        userId: null,
        role: "member",
      }, null));
    });
    return steps;
  }

  /** The command of one item (none for a blank line, a total or a row that changes nothing). */
  push(item: SheetItem): SheetStep[] {
    if (item.kind === "blank") return [];
    if (item.kind === "total") {
      this.#checkTotal(item.total.currency, item.total.nets, item.total.line);
      return [];
    }
    const row = item.row;
    if (++this.#rows > MAX_SHEET_ROWS) {
      throw new SheetRefusal(
        "csv.too_large",
        `an export may have at most ${MAX_SHEET_ROWS} rows: split it`,
        row.line,
      );
    }
    this.#add(row);
    const fx = this.#fxOf(row);
    const payment = row.payment;
    const command = rowCommand(row, {
      members: this.members,
      entryId: this.#options.idFor(payment ? "settlement" : "expense", `line:${row.line}`),
      fx,
    });
    return command === null ? [] : [this.#decide(`line:${row.line}`, command, row.line)];
  }

  /** Ends the replay: answers how many rows it read. */
  finish(): { rows: number } {
    return { rows: this.#rows };
  }

  #fxOf(row: SheetRow): ResolvedFx | null {
    if (row.currency === this.#options.currency) return null;
    this.#foreign = true;
    const fx = this.#options.rateFor(row.currency, row.date);
    if (fx === null) {
      throw new SheetRefusal(
        "csv.rate_missing",
        `the row is in ${row.currency} and no rate to ${this.#options.currency} is known for ` +
          `${row.date}: give rate.${row.currency}=<${this.#options.currency} per ${row.currency}>`,
        row.line,
      );
    }
    return fx;
  }

  #add(row: SheetRow) {
    const sums = this.#sums.get(row.currency) ?? this.#options.people.map(() => 0n);
    row.nets.forEach((n, i) => sums[i] += n);
    this.#sums.set(row.currency, sums);
  }

  #checkTotal(currency: string, nets: readonly bigint[], line: number) {
    const { people } = this.#options;
    const sums = this.#sums.get(currency) ?? people.map(() => 0n);
    const i = nets.findIndex((n, k) => n !== sums[k]);
    if (i >= 0) {
      throw new SheetRefusal(
        "csv.total_mismatch",
        `${people[i]}'s total is ${formatAmount(nets[i], currency)} ${currency} but the rows ` +
          `above sum to ${formatAmount(sums[i], currency)}`,
        line,
      );
    }
    this.#totals.add(currency);
    if (this.#foreign || currency !== this.#options.currency) return;
    const balance = (k: number) => {
      const t = this.state.totals.get(this.members[k]);
      return t ? t.paid - t.owed : 0n;
    };
    const j = nets.findIndex((n, k) => n !== balance(k));
    if (j >= 0) {
      throw new SheetRefusal(
        "csv.total_mismatch",
        `${people[j]}'s imported balance would be ${formatAmount(balance(j), currency)}, ` +
          `not the total ${formatAmount(nets[j], currency)}`,
        line,
      );
    }
  }

  #decide(key: string, command: GroupCommand, line: number | null): SheetStep {
    let events: GroupEvent[];
    try {
      events = decideGroup(command, this.state, { actorUserId: this.#options.importerUserId });
    } catch (e) {
      if (!(e instanceof DomainError)) throw e;
      throw new SheetRefusal("csv.bad_row", `it cannot be imported: ${e.message}`, line);
    }
    for (const e of events) this.state = evolveGroup(this.state, e);
    return { key, command, events };
  }
}
