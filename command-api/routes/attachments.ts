/**
 * The attachment routes of the command API (ADR 0055):
 * `PUT /v1/groups/{g}/expenses/{e}/attachments/{a}` takes the file's raw
 * bytes, refuses them before reading them when the expense cannot take them,
 * reads at most 10 MiB (413 past it, the rest never read), sniffs, cleans and
 * thumbnails them (a few at once per process), stores them, then appends
 * `AttachmentAdded`. A failed append leaves an orphan blob under a key no
 * event names: never listed nor served. `DELETE` appends `AttachmentRemoved`
 * and then deletes the bytes.
 *
 * @module
 */
import type { Hono } from "hono";
import { admitAttachment, ATTACHMENT_LIMITS, memberOfUser } from "@kopek/domain";
import { guestForbidden, isGuest, problem, ProblemError, readOptionalJson } from "@kopek/platform";
import type { BlobStore } from "@kopek/platform/blobs";
import type { CommandRunner } from "../commands.ts";
import type { GroupRepository } from "../group_repository.ts";
import type { Limits } from "../rate_limits.ts";
import { createGate, type Gate } from "../attachments/gate.ts";
import { fileName, requestedName } from "../attachments/file_name.ts";
import { attachmentKey, thumbnailKey } from "../attachments/keys.ts";
import { processUpload } from "../attachments/process.ts";
import { readCapped, tooLarge } from "../attachments/read_capped.ts";
import { EmptyBody, parse, requireId } from "../commands/command.ts";

/** The path of an attachment. */
export const ATTACHMENT_PATH = "/v1/groups/:g/expenses/:e/attachments/:a";

/** Whether a request is an upload (its own body limit and no write deadline). */
export function isAttachmentUpload(method: string, path: string): boolean {
  return method === "PUT" &&
    /^\/v1\/groups\/[^/]+\/expenses\/[^/]+\/attachments\/[^/]+$/.test(path);
}

async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(
    await crypto.subtle.digest("SHA-256", bytes as Uint8Array<ArrayBuffer>),
  );
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

function fromBytes(bytes: Uint8Array): ReadableStream<Uint8Array> {
  return ReadableStream.from([bytes]);
}

/** What the routes need. */
export interface AttachmentRouteDeps {
  readonly commands: CommandRunner;
  readonly groups: GroupRepository;
  readonly limits: Limits;
  readonly blobs: BlobStore | undefined;
  /** Images processed at once in this process (default 2) and waiting (default 8). */
  readonly gate?: Gate;
}

/** Mounts the attachment write routes (bearer auth in front). */
export function attachmentRoutes(deps: AttachmentRouteDeps) {
  const gate = deps.gate ?? createGate(2, 8);
  const blobsOf = (): BlobStore => {
    if (deps.blobs) return deps.blobs;
    throw new ProblemError(
      problem(503, "attachments are not available on this server", { code: "unavailable" }),
    );
  };
  return (app: Hono) => {
    app.put(ATTACHMENT_PATH, async (c) => {
      const userId: string = c.get("userId");
      // A guest's rights are the ledger's commands (ADR 0059); files need an account.
      if (isGuest(userId)) throw guestForbidden();
      await deps.limits.hit("writes", userId);
      const blobs = blobsOf();
      const groupId = requireId(c.req.param("g") ?? null, "group");
      const expenseId = requireId(c.req.param("e") ?? null, "expense");
      const attachmentId = requireId(c.req.param("a") ?? null, "attachment");
      const name = requestedName(new URL(c.req.url));
      const declared = Number(c.req.header("content-length") ?? 0);
      if (declared > ATTACHMENT_LIMITS.maxBytes) throw tooLarge(ATTACHMENT_LIMITS.maxBytes);
      // Refused before a byte is read: not a member, a viewer, no such expense, over the limits.
      const state = await deps.groups.current(groupId);
      const actor = state.exists ? memberOfUser(state, userId) : undefined;
      if (!actor) throw new ProblemError(problem(404, "group not found", { code: "not_found" }));
      const existing = state.attachments.get(attachmentId);
      if (existing && existing.expenseId !== expenseId) {
        throw new ProblemError(
          problem(409, "an attachment with this id already exists", { code: "attachment.exists" }),
        );
      }
      // A retry of a stored upload is decided again (and answered its first answer) below.
      if (!existing) {
        admitAttachment(state, actor, expenseId, Math.max(declared, 0));
      }
      const stored = await gate.run(async () => {
        const bytes = await readCapped(c.req.raw.body, ATTACHMENT_LIMITS.maxBytes);
        const { original, thumbnail } = await processUpload(bytes);
        const sha256 = await sha256Hex(original.bytes);
        const key = attachmentKey(groupId, attachmentId, sha256);
        // Bytes first, then the event: a failed append leaves an orphan no event names.
        await blobs.put(key, fromBytes(original.bytes), original.contentType);
        let thumb = null;
        if (thumbnail) {
          const tkey = thumbnailKey(groupId, attachmentId, sha256);
          await blobs.put(tkey, fromBytes(thumbnail.bytes), thumbnail.contentType);
          thumb = {
            key: tkey,
            contentType: thumbnail.contentType,
            size: thumbnail.bytes.length,
            width: thumbnail.width!,
            height: thumbnail.height!,
          };
        }
        return {
          attachmentId,
          expenseId,
          name: fileName(name, original.contentType),
          contentType: original.contentType,
          size: original.bytes.length,
          sha256,
          width: original.width,
          height: original.height,
          key,
          thumbnail: thumb,
        };
      });
      const outcome = await deps.commands.run(
        { type: "attachment.add", groupId, targetId: attachmentId, body: stored },
        { userId, via: c.get("via") },
        c.get("requestId"),
      );
      c.header("Kopek-Position", String(outcome.body.position ?? 0));
      const { position: _, ...attachment } = outcome.body;
      return c.json(attachment, outcome.replayed ? 200 : 201);
    });

    app.delete(ATTACHMENT_PATH, async (c) => {
      const userId: string = c.get("userId");
      // A guest's rights are the ledger's commands (ADR 0059); files need an account.
      if (isGuest(userId)) throw guestForbidden();
      await deps.limits.hit("writes", userId);
      const groupId = requireId(c.req.param("g") ?? null, "group");
      const expenseId = requireId(c.req.param("e") ?? null, "expense");
      const attachmentId = requireId(c.req.param("a") ?? null, "attachment");
      // No body, or an empty object, like the other removals; garbage is 400, not ignored.
      parse(EmptyBody, await readOptionalJson(c));
      const outcome = await deps.commands.run(
        { type: "attachment.remove", groupId, targetId: attachmentId, body: { expenseId } },
        { userId, via: c.get("via") },
        c.get("requestId"),
      );
      // The bytes go once the removal is stored (the event keeps the metadata, ADR 0055).
      const removed = (await deps.groups.current(groupId)).attachments.get(attachmentId);
      for (const key of removed?.removed ? removed.keys : []) {
        await deps.blobs?.delete(key).catch(() => {});
      }
      c.header("Kopek-Position", String(outcome.body.position ?? 0));
      return c.body(null, 204);
    });
  };
}
