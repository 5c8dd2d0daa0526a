/**
 * The data keys of accounts in `account_keys` (migration 0005, ADR 0044): one
 * row per account, outside the hash-chained log; the app role may insert,
 * read and delete them (its grants go by schema, ADR 0022).
 *
 * @module
 */
import { newDataKey, type Sql } from "@kopek/platform";
import type { KeyVault } from "../key_vault.ts";

/** The key vault over a connection pool. */
export function createPostgresKeyVault(sql: Sql): KeyVault {
  return {
    async keys(owners) {
      const found = new Map<string, Uint8Array>();
      if (owners.length === 0) return found;
      const rows = await sql<{ user_id: string; key: Uint8Array }[]>`
        SELECT user_id::text AS user_id, key FROM account_keys
        WHERE user_id IN (
          SELECT jsonb_array_elements_text(${
        JSON.stringify([...new Set(owners)])
      }::text::jsonb)::uuid)`;
      for (const r of rows) found.set(r.user_id, new Uint8Array(r.key));
      return found;
    },
    async keyFor(owner) {
      // One round trip: the new row, or (on a conflict) the one that was there.
      const rows = await sql<{ key: Uint8Array }[]>`
        WITH made AS (
          INSERT INTO account_keys (user_id, key) VALUES (${owner}::uuid, ${newDataKey()})
          ON CONFLICT (user_id) DO NOTHING RETURNING key)
        SELECT key FROM made
        UNION ALL SELECT key FROM account_keys WHERE user_id = ${owner}::uuid
        LIMIT 1`;
      return new Uint8Array(rows[0].key);
    },
    async forget(owner) {
      await sql`DELETE FROM account_keys WHERE user_id = ${owner}::uuid`;
    },
  };
}
