/**
 * Events of accounts. A user's own stream (`user-<id>`) holds who they are
 * and their password hash (never exported with a group); an email stream
 * (`email-<sha256 of the normalised address>`) claims an address for one user,
 * so that registering twice with one address conflicts atomically.
 *
 * @module
 */
import { z } from "zod";
import { Id } from "../shared/schemas.ts";

/** Data schemas by event type, at schema version 1. */
export const UserEventSchemas = {
  UserRegistered: z.strictObject({
    userId: Id,
    email: z.string(),
    displayName: z.string(),
    passwordHash: z.string(),
  }),
  EmailClaimed: z.strictObject({ userId: Id, email: z.string() }),
} as const;

type Schemas = typeof UserEventSchemas;
/** An account event. */
export type UserEvent = {
  [K in keyof Schemas]: { type: K; data: z.infer<Schemas[K]> };
}[keyof Schemas];

/** Schema version of every user event written today. */
export const USER_EVENT_SCHEMA_VERSION = 1;

/** Parses a stored account event. */
export function parseUserEvent(type: string, schemaVersion: number, data: unknown): UserEvent {
  if (!Object.hasOwn(UserEventSchemas, type)) throw new Error(`unknown user event type ${type}`);
  if (schemaVersion !== USER_EVENT_SCHEMA_VERSION) {
    throw new Error(`no upcaster for ${type} schema version ${schemaVersion}`);
  }
  const key = type as keyof Schemas;
  return { type: key, data: UserEventSchemas[key].parse(data) } as UserEvent;
}
