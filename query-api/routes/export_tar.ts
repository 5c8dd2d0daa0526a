/**
 * `GET /v1/groups/{g}/export.tar` (ADR 0055): the group's `export.sql` and
 * its attachments' files (`attachments/<id>-<name>`), one tar archive,
 * streamed in constant memory. Owners and auditors, like `export.sql`. A tar
 * header states its entry's size, so the dump is written twice over the
 * same snapshot (up to the head position when the export starts): once
 * counted, once sent.
 *
 * @module
 */
import type { Hono } from "hono";
import { groupStream, PERSONAL_FIELDS } from "@kopek/domain";
import { sqlDumpOfStreams } from "@kopek/eventstore";
import { groupAttachments } from "@kopek/projector";
import { problem, ProblemError } from "@kopek/platform";
import type { QueryApiDeps } from "../deps.ts";
import { notFound, parseQuery } from "../_http.ts";
import { type TarEntry, tarStream } from "../attachments/tar_archive.ts";
import { requireAuditor } from "./audit.ts";
import { fileName, nameFromHistory } from "./exports.ts";

async function byteLength(body: ReadableStream<Uint8Array>): Promise<number> {
  let n = 0;
  for await (const chunk of body) n += chunk.length;
  return n;
}

/** A name safe in an archive: no separators, no control characters. */
function entryName(id: string, name: string): string {
  // deno-lint-ignore no-control-regex
  return `attachments/${id}-${name.replace(/[\u0000-\u001f\u007f/\\]/g, "_").slice(0, 200)}`;
}

/** Mounts the archive export. */
export function exportTarRoutes(deps: QueryApiDeps) {
  const now = deps.now ?? (() => new Date());
  return (app: Hono) => {
    app.get("/v1/groups/:groupId/export.tar", async (c) => {
      parseQuery(c, {});
      const groupId = c.req.param("groupId").toLowerCase();
      await requireAuditor(deps, c, groupId);
      const blobs = deps.blobs;
      if (!blobs) {
        throw new ProblemError(
          problem(503, "attachments are not available on this server", { code: "unavailable" }),
          { "Retry-After": "60" },
        );
      }
      const name = await nameFromHistory(deps, groupId);
      if (name === null) throw notFound("group");
      const at = now().toISOString();
      const untilPosition = await deps.store.headPosition();
      const dump = () =>
        sqlDumpOfStreams(
          deps.store,
          [groupStream(groupId)],
          { untilPosition, sealing: PERSONAL_FIELDS },
          { exportedAt: at, title: `group ${groupId} ${JSON.stringify(name)}` },
        );
      const dumpSize = await byteLength(dump());
      async function* entries(): AsyncGenerator<TarEntry> {
        yield { name: "export.sql", size: dumpSize, body: () => Promise.resolve(dump()) };
        for await (const a of groupAttachments(deps.sql, groupId)) {
          const file = await blobs!.head(a.key);
          if (!file) continue;
          yield {
            name: entryName(a.id, a.name),
            size: file.size,
            body: async () => (await blobs!.get(a.key))?.body ?? ReadableStream.from([]),
          };
        }
      }
      return c.body(tarStream(entries()), 200, {
        "content-type": "application/x-tar",
        "content-disposition": `attachment; filename="${fileName(name, at.slice(0, 10), "tar")}"`,
        "cache-control": "no-store",
      });
    });
  };
}
