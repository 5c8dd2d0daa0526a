/**
 * A fuzzed route: how the fuzz calls one operation of the OpenAPI route table.
 *
 * @module
 */
import fc from "fast-check";
import type { Fixture } from "./fixture.ts";
import type { Param } from "./query.ts";
import { type Req } from "./request.ts";

/**
 * Who may call a route: a user's access token, nobody in particular (the
 * auth routes and the OpenAPI document), or the bot with its service key.
 */
type Auth = "user" | "none" | "bot";

export interface Route {
  readonly name: string;
  /** The operation of the OpenAPI route table, `METHOD /path/{param}`. */
  readonly op: string;
  readonly method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** The path with `{0}`, `{1}` for the ids. */
  readonly path: string;
  /** Called once per request (it may take an id from a pool). */
  readonly ids: (f: Fixture) => string[];
  readonly auth: Auth;
  /** The caller when it is not Ana. */
  readonly token?: (f: Fixture) => string;
  /** Zed (signed in, no member of the group) may call it: his token is no bad credential here. */
  readonly zedOk?: boolean;
  /** The bot's token for Ana is refused (403): only the account's owner may. */
  readonly ownerOnly?: boolean;
  /** Routes whose If-Match and Idempotency-Key headers are read. */
  readonly ledger?: boolean;
  /** A DELETE of something without versions (an invite): If-Match is checked, not compared. */
  readonly unversioned?: boolean;
  /** A write whose valid body is none at all, or `{}`. */
  readonly bodyless?: boolean;
  /** Valid bodies of a write (none when bodyless). */
  readonly body?: (f: Fixture) => fc.Arbitrary<unknown>;
  /** Valid query strings of a read. */
  readonly query?: (f: Fixture) => fc.Arbitrary<Param[]>;
  /** The query parameters a read accepts; undefined: it reads no query (and no position). */
  readonly params?: readonly string[];
  /** How often it is drawn (4 by default): the routes that hash a password cost ~100 ms. */
  readonly weight?: number;
  /** Requests of a route whose body is no JSON (the import's SQL): made whole, not by mutation. */
  readonly raw?: (f: Fixture) => fc.Arbitrary<Req>;
  /** The content type of a 2xx answer of a read (default `application/json`). */
  readonly produces?: string;
}

export const g0 = (f: Fixture) => [f.g];
