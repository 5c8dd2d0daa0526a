/**
 * Events of a sign-in session (`session-<id>`): one refresh-token family.
 * Signing in starts a session; each refresh rotates its token; logout, a
 * reused token or "sign out everywhere" ends it. Only SHA-256 digests of the
 * tokens are stored.
 *
 * @module
 */
import { z } from "zod";
import { Id } from "../shared/schemas.ts";

const Digest = z.string().regex(/^[0-9a-f]{64}$/);

/** Data schemas by event type, at schema version 1. */
export const SessionEventSchemas = {
  SessionStarted: z.strictObject({
    sessionId: Id,
    userId: Id,
    tokenHash: Digest,
    /** RFC 3339. */
    startedAt: z.string(),
    /** When the first token stops working, RFC 3339. */
    expiresAt: z.string(),
    /** How the user proved who they are. */
    method: z.enum(["registration", "password", "password-change"]),
    /** The browser or app that signed in (its User-Agent, cut to 300 characters), if known. */
    userAgent: z.string().max(300).optional(),
  }),
  SessionRefreshed: z.strictObject({ tokenHash: Digest, expiresAt: z.string() }),
  /** `signed-out`: the user ended it from another session (`DELETE /v1/me/sessions/{id}`). */
  SessionEnded: z.strictObject({ reason: z.enum(["logout", "token-reuse", "signed-out"]) }),
} as const;

type Schemas = typeof SessionEventSchemas;
/** A session event. */
export type SessionEvent = {
  [K in keyof Schemas]: { type: K; data: z.infer<Schemas[K]> };
}[keyof Schemas];

/** Schema version of every session event written today. */
export const SESSION_EVENT_SCHEMA_VERSION = 1;

/** Parses a stored session event. */
export function parseSessionEvent(
  type: string,
  schemaVersion: number,
  data: unknown,
): SessionEvent {
  if (!Object.hasOwn(SessionEventSchemas, type)) {
    throw new Error(`unknown session event type ${type}`);
  }
  if (schemaVersion !== SESSION_EVENT_SCHEMA_VERSION) {
    throw new Error(`no upcaster for ${type} schema version ${schemaVersion}`);
  }
  const key = type as keyof Schemas;
  return { type: key, data: SessionEventSchemas[key].parse(data) } as SessionEvent;
}
