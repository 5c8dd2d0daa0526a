/**
 * Kopek's event store: the port every service codes against, its PostgreSQL
 * adapter, its migrations (run by platform's runner), the hash chain and the adapter contract.
 *
 * @example
 * ```ts
 * import { connect } from "@kopek/platform";
 * import { createPostgresEventStore, migrate } from "./mod.ts";
 *
 * const sql = connect(Deno.env.get("KOPEK_DATABASE_URL")!);
 * await migrate(sql);
 * const store = createPostgresEventStore(sql);
 * const { position } = await store.append({ stream: "group-1", expectedVersion: 0, events });
 * ```
 *
 * @module
 */
export * from "./port.ts";
export { createMemoryKeyVault, type KeyVault } from "./key_vault.ts";
export { createPostgresKeyVault } from "./postgres/key_vault.ts";
export { type PersonalFields, type SealingRules, sealPersonalData } from "./sealing_store.ts";
export { canonicalEventJson, eventHash, eventHashSync, type HashedEventFields } from "./hash.ts";
export { createPostgresEventStore, type PostgresEventStoreOptions } from "./postgres/adapter.ts";
export { type AppendOutcome, instrumentEventStore } from "./metrics.ts";
// The migration runner, the roles' checks and the schema's preparation live in platform
// (platform/schema, ADR 0048); re-exported for the event store's users.
export {
  APPEND_ONLY_TABLES,
  appRoleProblems,
  connectionMayMigrate,
  grantAppRole,
  lockMigrations,
  type MigrateOptions,
  migrateSchema,
  type Migration,
  migrationChecksum,
  pendingMigrations,
  prepareSchema,
  prepareSchemaOrExit,
  quoteRole,
  READ_ONLY_TABLES,
  readMigrations,
  type RoleProblem,
  SchemaNotReadyError,
  type SchemaPart,
  schemaReadinessCheck,
} from "@kopek/platform";
export { eventStoreMigrations, eventStoreSchema, migrate } from "./postgres/schema.ts";
export { createMemoryEventStore } from "./memory/adapter.ts";
export { eventStoreContract, type MakeStore, testEvent } from "./contract.ts";
export {
  type ChainedEvent,
  type ChainedTextEvent,
  type ChainFault,
  type ChainReport,
  ChainVerifier,
  verifyChain,
  verifyStream,
} from "./chain_verifier.ts";
export {
  allStreams,
  eventsOfStreams,
  PAGE_SIZE,
  streamChainEventPages,
  streamChainEvents,
  streamEventPages,
  streamEvents,
} from "./paging.ts";
export { type DumpInfo, sqlDumpStream, writeSqlDump } from "./dump/sql_dump_writer.ts";
export { sqlDumpOfStreams, type StreamsDumpOptions } from "./dump/sql_dump_bytes.ts";
export {
  collectSqlDump,
  type DumpedEvent,
  DumpError,
  type DumpFault,
  MAX_DUMP_LINE_BYTES,
  readSqlDump,
  type ReadSqlDumpOptions,
  SqlDumpReader,
  type VerifiedDump,
} from "./dump/sql_dump_reader.ts";
export * from "./snapshots/mod.ts";
