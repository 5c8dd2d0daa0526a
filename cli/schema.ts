/**
 * Every package's part of the database, in the order `kopek migrate` applies
 * them. A package that adds migrations adds its part here: `kopek migrate`,
 * the all-in-one start and the least-privilege test all read this list, and
 * `schema_test.ts` fails when a `migrations` folder of the repository is in
 * none of its parts.
 *
 * @module
 */
import { blobsSchema } from "@kopek/platform/blobs";
import { eventStoreSchema, type SchemaPart } from "@kopek/eventstore";
import { projectorSchema } from "@kopek/projector";
import { ratesSchema } from "@kopek/rates";
import { importsSchema } from "@kopek/imports";
import { notifierSchema } from "@kopek/notifier";
import { mailSchema } from "@kopek/mail";

/** Every part of Kopek's database, in migration order. */
export const KOPEK_SCHEMA: readonly SchemaPart[] = Object.freeze([
  eventStoreSchema,
  projectorSchema,
  ratesSchema,
  importsSchema,
  blobsSchema,
  notifierSchema,
  mailSchema,
]);
