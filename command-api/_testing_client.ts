/**
 * Test helpers: requests to a command API app in memory (`app.request`, no
 * port), and registering users on it. Used by the PostgreSQL test kit
 * (`_testing.ts`) and the in-memory one (`_memory_testing.ts`).
 *
 * @module
 */
import type { Hono } from "hono";

/** An answer: status, headers and the parsed JSON body. */
export interface TestAnswer {
  readonly status: number;
  readonly headers: Headers;
  // deno-lint-ignore no-explicit-any
  readonly body: Record<string, any>;
  /** The body's text as sent. */
  readonly text: string;
}

/** A registered user and a way to send requests as them. */
export interface TestUser {
  readonly id: string;
  readonly token: string;
  send(
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<TestAnswer>;
}

/** Sends one request to the app, with a bearer token if given. */
export async function requestApp(
  app: Hono,
  token: string | null,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<TestAnswer> {
  const h: Record<string, string> = { ...headers };
  if (token) h.authorization = `Bearer ${token}`;
  if (body !== undefined) h["content-type"] = "application/json";
  const res = await app.request(path, {
    method,
    headers: h,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : {}, text };
}

/** Registers a user (a unique email) and answers a client acting as them. */
export async function registerUser(app: Hono, name: string): Promise<TestUser> {
  const reg = await requestApp(app, null, "POST", "/v1/auth/register", {
    email: `${name.toLowerCase()}-${crypto.randomUUID()}@example.com`,
    password: "correct horse battery staple",
    displayName: name,
  });
  if (reg.status !== 201) throw new Error(`register ${name}: ${reg.status} ${reg.text}`);
  const token = reg.body.token as string;
  return {
    id: reg.body.user.id as string,
    token,
    send: (method, path, body, headers) => requestApp(app, token, method, path, body, headers),
  };
}
