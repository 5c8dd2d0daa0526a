/**
 * The JSON an answer is kept as with its idempotency key (ADR 0019):
 * `{status, body, headers}`, the format every answer was kept in before
 * answers were typed. Kept in that format both ways, so that answers kept
 * by older processes read as before, and processes of the previous release
 * (a rolling update) read the answers this one keeps.
 *
 * @module
 */
import type { CommandAnswer } from "./command.ts";

/** An answer as kept. */
export interface KeptAnswer {
  readonly status: number;
  readonly body: Record<string, unknown>;
  readonly headers?: Record<string, string>;
}

/** The kept JSON of an answer. */
export function toKept(answer: CommandAnswer): KeptAnswer {
  return {
    status: answer.created ? 201 : 200,
    body: answer.body,
    ...(answer.etag === null ? {} : { headers: { ETag: `"${answer.etag}"` } }),
  };
}

/** An answer from its kept JSON. */
export function fromKept(kept: KeptAnswer): CommandAnswer {
  const etag = /^"(\d+)"$/.exec(kept.headers?.ETag ?? "")?.[1];
  return {
    created: kept.status === 201,
    body: kept.body,
    etag: etag === undefined ? null : Number(etag),
  };
}
