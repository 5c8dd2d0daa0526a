/**
 * Known-good request sequences, mixed in so that the fixture is known to work.
 *
 * @module
 */
import { KopekClient } from "@kopek/testing";
import { type Fixture, PASSWORD, want } from "./fixture.ts";

// ---------------------------------------------------------------------------
// Known-good requests

export interface Good {
  /** How often it is drawn: the ones that hash a password are drawn less. */
  readonly weight: number;
  /** Whether it appends events (else it must append none). */
  readonly appends: boolean;
  readonly run: (f: Fixture, ana: KopekClient) => Promise<void>;
}

/** Signs Rex in: a fresh session. */
export async function rexSession(f: Fixture): Promise<string> {
  const a = await new KopekClient(f.base).post("/v1/auth/login", {
    email: f.rexEmail,
    password: PASSWORD,
  });
  want(a, 200, "login");
  return a.body.refreshToken;
}

/** The types of the events after a position. */
export async function eventsAfter(f: Fixture, position: number): Promise<string[]> {
  const rows = await f.db.sql<{ type: string }[]>`
    SELECT type FROM events WHERE position > ${position} ORDER BY position`;
  return rows.map((r) => r.type);
}
