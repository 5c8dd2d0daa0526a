/**
 * Forgeries of shapes: unknown types, schema versions and fields, metadata, command
 * ids regrouped, streams that are not a group's. Part of `FORGERIES` (`forgery.ts`), in its
 * order.
 *
 * @module
 */
import type { ExpenseData } from "../group/events.ts";
import type { Forgery } from "./forgery.ts";
import { choose, type Data, edit, forgedId, indices, isExpense } from "./_forgery_kit.ts";

/** See `FORGERIES`. */
export const SHAPE_FORGERIES: readonly Forgery[] = [
  // Types, schema versions, fields.
  {
    name: "type: unknown",
    refusedWith: ["dump.bad_event"],
    exact: true,
    mayPass: false,
    forge(events, pick) {
      const i = choose(indices(events, () => true), pick);
      return i === null
        ? null
        : edit(events, i, (e) =>
          e.type = ["ExpenseDeleted", "UserRegistered", "expense.added", "__proto__"][pick % 4]);
    },
  },
  {
    name: "schema: a version that does not exist",
    refusedWith: ["dump.bad_event"],
    exact: true,
    mayPass: false,
    forge(events, pick) {
      const i = choose(indices(events, () => true), pick);
      return i === null
        ? null
        : edit(events, i, (e) => e.schemaVersion = [0, e.schemaVersion + 1, 99, 2 ** 40][pick % 4]);
    },
  },
  {
    name: "schema: an old InviteCreated that names its creator",
    refusedWith: ["dump.bad_history"],
    exact: true,
    mayPass: false,
    forge(events, pick) {
      const i = choose(indices(events, (e) => e.type === "InviteCreated"), pick);
      return i === null ? null : edit(events, i, (e) => e.schemaVersion = 1);
    },
  },
  {
    name: "schema: an old InviteCreated as version 1 wrote it",
    refusedWith: [],
    exact: false,
    mayPass: true,
    forge(events, pick) {
      const i = choose(indices(events, (e) => e.type === "InviteCreated"), pick);
      return i === null ? null : edit(events, i, (e) => {
        e.schemaVersion = 1;
        delete e.data.createdBy;
      });
    },
  },
  {
    name: "data: an extra field",
    refusedWith: ["dump.bad_event"],
    exact: true,
    mayPass: false,
    forge(events, pick) {
      const i = choose(indices(events, () => true), pick);
      return i === null ? null : edit(events, i, (e) => e.data.isAdmin = true);
    },
  },
  {
    name: "data: a field missing",
    refusedWith: ["dump.bad_event"],
    exact: true,
    mayPass: false,
    forge(events, pick) {
      const i = choose(indices(events, () => true), pick);
      return i === null
        ? null
        : edit(events, i, (e) =>
          delete e.data[Object.keys(e.data)[pick % Object.keys(e.data).length]]);
    },
  },
  {
    name: "data: not an object",
    refusedWith: ["dump.bad_event"],
    exact: true,
    mayPass: false,
    forge(events, pick) {
      const i = choose(indices(events, () => true), pick);
      return i === null
        ? null
        : edit(events, i, (e) => (e as { data: unknown }).data = [null, [], "x", 1][pick % 4]);
    },
  },
  {
    name: "data: an id in upper case",
    refusedWith: ["dump.bad_history"],
    exact: false,
    mayPass: false,
    forge(events, pick) {
      const i = choose(indices(events, (e) => isExpense(e)), pick);
      return i === null ? null : edit(events, i, (e) => {
        const d = e.data as ExpenseData;
        d.paid[0].memberId = d.paid[0].memberId.toUpperCase();
      });
    },
  },
  {
    name: "data: a name the API refuses",
    refusedWith: ["dump.bad_history"],
    exact: false,
    mayPass: false,
    forge(events, pick) {
      const i = choose(
        indices(
          events,
          (e) =>
            e.type === "MemberAdded" || e.type === "GroupCreated" || e.type === "MemberRenamed",
        ),
        pick,
      );
      return i === null
        ? null
        : edit(events, i, (e) =>
          e.data.name = [" padded ", "x".repeat(121), "bell\u0007", "", "lone \ud800"][pick % 5]);
    },
  },
  {
    name: "data: an expense dated in year 0",
    refusedWith: ["dump.bad_history"],
    exact: true,
    mayPass: false,
    forge(events, pick) {
      const i = choose(indices(events, isExpense), pick);
      return i === null ? null : edit(events, i, (e) => e.data.date = "0000-02-29");
    },
  },
  {
    name: "data: an invite valid for longer than 720 hours, or less than one",
    refusedWith: ["dump.bad_history"],
    exact: true,
    mayPass: false,
    forge(events, pick) {
      const i = choose(indices(events, (e) => e.type === "InviteCreated"), pick);
      return i === null ? null : edit(events, i, (e) => {
        const at = Date.parse(e.metadata.at as string);
        e.data.expiresAt = new Date(at + [721 * 3_600_000, 10 * 60_000, -1][pick % 3])
          .toISOString();
      });
    },
  },
  // Metadata.
  ...([
    ["metadata: an extra field", (m: Data) => m.role = "owner"],
    ["metadata: no actor", (m: Data) => m.actor = null],
    ["metadata: an actor that is not a UUID", (m: Data) => m.actor = "admin"],
    ["metadata: an actor in upper case", (m: Data) => m.actor = String(m.actor).toUpperCase()],
    ["metadata: no command id", (m: Data) => delete m.commandId],
  ] as const).map(([name, change]): Forgery => ({
    name,
    refusedWith: ["dump.bad_event"],
    exact: true,
    mayPass: false,
    forge(events, pick) {
      const i = choose(indices(events, () => true), pick);
      return i === null ? null : edit(events, i, (e) => change(e.metadata));
    },
  })),
  // Command ids.
  {
    name: "command ids: one command's events under two ids",
    refusedWith: ["dump.bad_history"],
    exact: false,
    // A rename and a role change (or a rename and a new currency) are also two valid commands.
    mayPass: true,
    forge(events, pick) {
      const i = choose(
        indices(
          events,
          (e, i) => i > 0 && events[i - 1].metadata.commandId === e.metadata.commandId,
        ),
        pick,
      );
      return i === null
        ? null
        : edit(events, i, (e) => e.metadata.commandId = `forged:${forgedId(7)}`);
    },
  },
  {
    name: "command ids: two commands of one actor under one id",
    refusedWith: ["dump.bad_history"],
    exact: false,
    mayPass: true,
    forge(events, pick) {
      const i = choose(
        indices(
          events,
          (e, i) =>
            i > 1 && events[i - 1].metadata.commandId !== e.metadata.commandId &&
            events[i - 1].metadata.actor === e.metadata.actor,
        ),
        pick,
      );
      if (i === null) return null;
      const { commandId, at } = events[i - 1].metadata;
      const was = events[i].metadata.commandId;
      const copy = events.map((e) =>
        e.metadata.commandId === was ? { ...e, metadata: { ...e.metadata, commandId, at } } : e
      );
      return { events: copy, at: i };
    },
  },
  // Streams.
  {
    name: "stream: not a group's",
    refusedWith: ["dump.not_a_group"],
    exact: true,
    mayPass: false,
    forge(events, pick) {
      const stream = (s: string) =>
        [
          `user-${s.slice(6)}`,
          `session-${s.slice(6)}`,
          `group-x${s.slice(6)}`,
          `Group-${s.slice(6)}`,
          `${s} `,
          `group-${s.slice(6).replace(/-/g, "")}`,
        ][pick % 6];
      const copy = events.map((e) => ({ ...e, stream: stream(e.stream) }));
      return { events: copy, at: 0 };
    },
  },
  {
    name: "stream: another group's id than its GroupCreated's",
    refusedWith: ["dump.bad_history"],
    exact: false,
    mayPass: false,
    forge(events) {
      return { events: events.map((e) => ({ ...e, stream: `group-${forgedId(5)}` })), at: 0 };
    },
  },
  {
    name: "stream: not beginning with GroupCreated",
    refusedWith: ["dump.bad_history"],
    exact: true,
    mayPass: false,
    forge(events, pick) {
      const drop = 1 + (pick % 2);
      return { events: events.slice(drop), at: 0 };
    },
  },
  {
    name: "stream: no event at all",
    refusedWith: ["dump.empty"],
    exact: false,
    mayPass: false,
    forge: () => ({ events: [], at: 0 }),
  },
];
