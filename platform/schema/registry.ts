/**
 * Every migrations folder of Kopek's database, in the order they run, with
 * the package that owns it; and which owners' migrations each service
 * applies at start. The one list: the packages take their folders from it
 * ({@linkcode migrationsOf}), `kopek migrate` and the services apply them
 * in its order, and the `--allow-read` lists of the deno.json tasks are
 * generated from it (`deno run ops/tasks/generate.ts`; a test fails when
 * deno.json differs). A new read model adds one line here (ADR 0048).
 *
 * @module
 */
import type { MigrateOptions } from "./migrate.ts";

/** A package whose migrations build part of the database. */
export type MigrationOwner =
  | "eventstore"
  | "projector"
  | "rates"
  | "imports"
  | "blobs"
  | "notifier"
  | "mail";

/** One migrations folder. */
export interface MigrationFolder {
  /** The name its migrations are tracked under in `schema_migrations`. */
  readonly component: string;
  readonly owner: MigrationOwner;
  /** The folder, relative to the repository's root, without a trailing slash. */
  readonly path: string;
}

/** Every migrations folder, in the order they run. */
export const MIGRATION_FOLDERS: readonly MigrationFolder[] = Object.freeze([
  { component: "eventstore", owner: "eventstore", path: "eventstore/postgres/migrations" },
  // The checkpoints, then each projection in the projector's apply order.
  { component: "projector", owner: "projector", path: "projector/migrations" },
  ...[
    "groups",
    "access",
    "expenses",
    "balances",
    "reports",
    "invites",
    "comments",
    "categories",
    "recurrences",
    "attachments",
  ].map((name) => ({
    component: `projector.${name}`,
    owner: "projector" as const,
    path: `projector/projections/${name}/migrations`,
  })),
  { component: "rates", owner: "rates", path: "rates/migrations" },
  { component: "imports", owner: "imports", path: "imports/migrations" },
  // Attachments' bytes in PostgreSQL (ADR 0055), applied also where the S3 store is used.
  { component: "blobs", owner: "blobs", path: "platform/blobs/migrations" },
  // Web push (ADR 0057): subscriptions, settings, the delivery queue and its checkpoint.
  { component: "notifier", owner: "notifier", path: "notifier/migrations" },
  { component: "mail", owner: "mail", path: "mail/migrations" },
]);

/** Every owner, in migration order. */
export const MIGRATION_OWNERS: readonly MigrationOwner[] = Object.freeze([
  "eventstore",
  "projector",
  "rates",
  "imports",
  "blobs",
  "notifier",
  "mail",
]);

/** The processes that run with narrow permissions, and the owners whose migrations they apply. */
export const SERVICE_MIGRATIONS = Object.freeze(
  {
    "command-api": ["eventstore", "rates", "imports", "blobs", "notifier", "mail"],
    "query-api": MIGRATION_OWNERS,
    "projector": ["eventstore", "projector"],
    "rates": ["rates"],
    "imports": ["eventstore", "imports"],
    // Recurring expenses (ADR 0051): the group streams, the recurrences read model, the rates.
    // and email (ADR 0060): the outbox it sends from, the weekly summaries it queues.
    "scheduler": ["eventstore", "projector", "rates", "mail"],
    // Web push (ADR 0057): follows the log, reads who is in a group, sends.
    "notifier": ["eventstore", "projector", "notifier"],
    "bot": [],
    // `kopek start` and `kopek migrate`: the whole database.
    "all-in-one": MIGRATION_OWNERS,
  } as const satisfies Record<string, readonly MigrationOwner[]>,
);

/** A process of {@linkcode SERVICE_MIGRATIONS}. */
export type ServiceName = keyof typeof SERVICE_MIGRATIONS;

/** The repository's root, as a `file:` URL with a trailing slash. */
const REPO_ROOT = new URL("../../", import.meta.url);

/** The folders of these owners, in migration order. */
export function foldersOf(owners: readonly MigrationOwner[]): MigrationFolder[] {
  return MIGRATION_FOLDERS.filter((f) => owners.includes(f.owner));
}

/** The folders a service applies at start, in migration order. */
export function serviceFolders(service: ServiceName): MigrationFolder[] {
  return foldersOf(SERVICE_MIGRATIONS[service]);
}

/**
 * What the runner needs of a component's folder: its name and its `file:`
 * URL. Throws for a component the registry lacks (a package that adds a
 * migrations folder adds it to {@linkcode MIGRATION_FOLDERS}).
 */
export function migrationsOf(component: string): MigrateOptions {
  const folder = MIGRATION_FOLDERS.find((f) => f.component === component);
  if (!folder) {
    throw new Error(
      `no migrations folder "${component}" in platform/schema/registry.ts: add it there`,
    );
  }
  return Object.freeze({ component, dir: new URL(`${folder.path}/`, REPO_ROOT) });
}
