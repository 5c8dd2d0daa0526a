// @ts-check
/**
 * The requests of Kopek's load scenarios (ADR 0033): each a step for a
 * runner to send, with its path, headers, body and expected statuses, and the
 * ids the load's clients choose. Plain JavaScript like `scenarios.js`, which
 * re-exports them and drives them.
 *
 * @module
 */

/** @typedef {import("./scenarios.js").RequestStep} RequestStep */
/** @typedef {import("./scenarios.js").Session} Session */

/** The month the load's expenses fall in, and the monthly report reads ask for. */
export const LOAD_MONTH = "2026-11";

/** The password of the load's users (they are throwaway accounts). */
export const LOAD_PASSWORD = "load-test-password-1234";

/**
 * A UUIDv7 (RFC 9562) from `Date.now()` and `Math.random()`: the ids the
 * load's clients choose for their creates, as offline clients do. 74
 * random bits: unique enough for a load run, not for secrets.
 *
 * @param {number} [now]
 * @returns {string}
 */
export function uuidv7(now = Date.now()) {
  const ts = Math.floor(now).toString(16).padStart(12, "0").slice(-12);
  let r = "";
  for (let i = 0; i < 18; i++) r += Math.floor(Math.random() * 16).toString(16);
  const variant = (8 + Math.floor(Math.random() * 4)).toString(16);
  return `${ts.slice(0, 8)}-${ts.slice(8)}-7${r.slice(0, 3)}-${variant}${r.slice(3, 6)}-${
    r.slice(6)
  }`;
}

/**
 * @param {string} token
 * @param {Record<string, string>} [more]
 * @returns {Record<string, string>}
 */
function auth(token, more = {}) {
  return { authorization: `Bearer ${token}`, ...more };
}

// ---- The requests ----------------------------------------------------------

/**
 * `POST /v1/auth/register`: a new user.
 *
 * @param {string} email
 * @param {string} displayName
 * @returns {RequestStep}
 */
export function registerRequest(email, displayName) {
  return {
    kind: "request",
    name: "register",
    method: "POST",
    path: "/v1/auth/register",
    headers: {},
    body: { email, password: LOAD_PASSWORD, displayName },
    expect: [201],
  };
}

/**
 * `POST /v1/auth/login`.
 *
 * @param {string} email
 * @returns {RequestStep}
 */
export function loginRequest(email) {
  return {
    kind: "request",
    name: "login",
    method: "POST",
    path: "/v1/auth/login",
    headers: {},
    body: { email, password: LOAD_PASSWORD },
    expect: [200],
  };
}

/**
 * `POST /v1/groups` with a client-chosen id: the caller becomes its owner.
 *
 * @param {string} token
 * @param {string} id
 * @param {string} name
 * @returns {RequestStep}
 */
export function createGroupRequest(token, id, name) {
  return {
    kind: "request",
    name: "create group",
    method: "POST",
    path: "/v1/groups",
    headers: auth(token),
    body: { id, name, currency: "EUR" },
    expect: [201],
  };
}

/**
 * The body of an expense of 12.34 EUR the member paid and owes alone, in
 * {@link LOAD_MONTH}.
 *
 * @param {string} id
 * @param {string} memberId
 * @param {string} description
 */
export function expenseBody(id, memberId, description) {
  return {
    id,
    description,
    total: { amount: "12.34", currency: "EUR" },
    date: `${LOAD_MONTH}-20`,
    category: "food",
    paidBy: [{ memberId, amount: "12.34" }],
    split: { mode: "equal", shares: [{ memberId }] },
  };
}

/**
 * `POST /v1/groups/{g}/expenses` with a client-chosen id: a retry sends this
 * same step again (same id, same body), which the contract answers with the
 * original result and no new event.
 *
 * @param {Session} s
 * @param {string} id
 * @param {string} description
 * @returns {RequestStep}
 */
export function recordExpenseRequest(s, id, description) {
  return {
    kind: "request",
    name: "record expense",
    method: "POST",
    path: `/v1/groups/${s.groupId}/expenses`,
    headers: auth(s.token),
    body: expenseBody(id, s.memberId, description),
    expect: [201],
  };
}

/**
 * @param {number | undefined} minPosition
 * @returns {Record<string, string>}
 */
function minPositionHeader(minPosition) {
  return minPosition === undefined ? {} : { "kopek-min-position": String(minPosition) };
}

/**
 * `GET /v1/groups/{g}/balances`, with `Kopek-Min-Position` when given.
 *
 * @param {Session} s
 * @param {number} [minPosition]
 * @returns {RequestStep}
 */
export function balancesRequest(s, minPosition) {
  return {
    kind: "request",
    name: minPosition === undefined ? "balances" : "balances (min position)",
    method: "GET",
    path: `/v1/groups/${s.groupId}/balances`,
    headers: auth(s.token, minPositionHeader(minPosition)),
    expect: [200],
  };
}

/**
 * `GET /v1/groups/{g}/expenses?limit=N`, newest first, with
 * `Kopek-Min-Position` when given.
 *
 * @param {Session} s
 * @param {number} [minPosition]
 * @param {number} [limit]
 * @returns {RequestStep}
 */
export function expensesRequest(s, minPosition, limit = 20) {
  return {
    kind: "request",
    name: minPosition === undefined ? "expenses" : "expenses (min position)",
    method: "GET",
    path: `/v1/groups/${s.groupId}/expenses?limit=${limit}`,
    headers: auth(s.token, minPositionHeader(minPosition)),
    expect: [200],
  };
}

/**
 * `GET /v1/groups/{g}/reports/monthly` for {@link LOAD_MONTH}: served by the
 * reporting connection (the replica), with `Kopek-Min-Position` when given.
 *
 * @param {Session} s
 * @param {number} [minPosition]
 * @returns {RequestStep}
 */
export function monthlyReportRequest(s, minPosition) {
  return {
    kind: "request",
    name: "monthly report",
    method: "GET",
    path: `/v1/groups/${s.groupId}/reports/monthly?from=${LOAD_MONTH}&to=${LOAD_MONTH}`,
    headers: auth(s.token, minPositionHeader(minPosition)),
    expect: [200],
  };
}
