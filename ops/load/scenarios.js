// @ts-check
/**
 * Kopek's load scenarios, written once for both runners (ADR 0033): the k6
 * scripts beside this file and the Deno driver (`driver.ts`, which the
 * topology test runs) import it. It is plain JavaScript with JSDoc types and
 * uses no API of k6 or Deno, nothing but the language (`Date.now`,
 * `Math.random`, `JSON`), so that k6's goja and Deno both load it as it is.
 *
 * A scenario is a generator: it yields steps, a request to send
 * ({@link RequestStep}) or a pause ({@link SleepStep}), and gets back the
 * answer to each request ({@link Reply}). A runner sends the requests its
 * own way (k6's `http.request`, Deno's `fetch`), measures them and feeds
 * the answers back; everything Kopek's HTTP contract asks of a client is
 * here: the paths, bodies and headers, the checks of each answer, the
 * retries of a write with the same client-chosen `id` (honouring
 * `Retry-After`), and `Kopek-Min-Position` for read-your-writes. The
 * requests themselves are built in `requests.js`, re-exported here.
 *
 * @module
 */
import {
  balancesRequest,
  createGroupRequest,
  expensesRequest,
  loginRequest,
  monthlyReportRequest,
  recordExpenseRequest,
  registerRequest,
  uuidv7,
} from "./requests.js";

export * from "./requests.js";

/**
 * A request for the runner to send. `path` starts with `/v1/`; `body` is
 * sent as JSON (`content-type: application/json`). `expect` are the
 * statuses the request counts as a success with; `check` names what else
 * the answer must show (evaluated by {@link checkReply}).
 *
 * @typedef {object} RequestStep
 * @property {"request"} kind
 * @property {string} name The request's name in the figures (a k6 tag).
 * @property {"GET" | "POST"} method
 * @property {string} path
 * @property {Record<string, string>} headers
 * @property {unknown} [body]
 * @property {number[]} expect
 */

/**
 * A pause before the next step (a `Retry-After`, a think time).
 *
 * @typedef {object} SleepStep
 * @property {"sleep"} kind
 * @property {number} seconds
 */

/**
 * The checks of a final answer (see {@link checkReply}), for the runner to
 * count (k6's `check`, the driver's figures): each named check true or false.
 *
 * @typedef {object} CheckStep
 * @property {"checks"} kind
 * @property {string} name The request's name.
 * @property {Record<string, boolean>} checks
 */

/** @typedef {RequestStep | SleepStep | CheckStep} Step */

/**
 * An answer as a runner gives it back: the status (0 when no answer came:
 * connection refused or reset, timed out), the headers with lower-case
 * names, the body parsed as JSON (null when it was not JSON).
 *
 * @typedef {object} Reply
 * @property {number} status
 * @property {Record<string, string>} headers
 * @property {any} body
 */

/**
 * A scenario: yields steps, receives a {@link Reply} for each request step
 * (undefined for a pause or checks), returns what it achieved.
 *
 * @template T
 * @typedef {Generator<Step, T, Reply | undefined>} Scenario
 */

/**
 * What a scenario needs of the world: a signed-in user and the group it
 * writes to.
 *
 * @typedef {object} Session
 * @property {string} token The access token (`Authorization: Bearer`).
 * @property {string} groupId
 * @property {string} memberId The user's member id in the group.
 */

/**
 * How a request is retried: at most `attempts` sends; a `Retry-After` is
 * honoured up to `maxRetryAfterS` seconds, other retryable answers wait
 * `backoffS`; `giveUp()` answering true stops the retries, asked after each
 * answer and again after each pause, so nothing is sent once it holds (the
 * drain deadline of the topology test's and the fault suite's write load). With `retryAll` every answer but a 2xx is retried,
 * not only the {@link RETRYABLE} ones (a fault may surface as any status).
 *
 * @typedef {object} RetryPolicy
 * @property {number} attempts
 * @property {number} maxRetryAfterS
 * @property {number} backoffS
 * @property {() => boolean} [giveUp]
 * @property {boolean} [retryAll]
 */

/** @type {RetryPolicy} */
export const DEFAULT_RETRY = { attempts: 10, maxRetryAfterS: 5, backoffS: 0.2 };

/**
 * The statuses worth a retry of the same request: no answer (0), the
 * balancer's 502/504 (an instance died under it), 503 (a dependency down,
 * `Kopek-Min-Position` not reached, an instance stopping), 429 (rate
 * limited). Everything else is the answer.
 */
export const RETRYABLE = [0, 429, 502, 503, 504];

// ---- The checks ------------------------------------------------------------

/**
 * What the final answer to `step` (after its retries) must show, per the
 * contract: named checks, each true or false.
 *
 * @param {RequestStep} step
 * @param {Reply} reply
 * @returns {Record<string, boolean>}
 */
export function checkReply(step, reply) {
  /** @type {Record<string, boolean>} */
  const checks = {
    [`${step.name}: status ${step.expect.join("/")}`]: step.expect.includes(reply.status),
  };
  if (!step.expect.includes(reply.status)) return checks;
  const body = reply.body ?? {};
  if (step.method === "POST" && step.name !== "login" && step.name !== "register") {
    checks[`${step.name}: answers id, version, position`] = typeof body.id === "string" &&
      typeof body.version === "number" && typeof body.position === "number";
  }
  if (step.name === "register" || step.name === "login") {
    checks[`${step.name}: answers a token`] = typeof body.token === "string";
  }
  if (step.method === "GET") {
    const position = Number(reply.headers["kopek-position"]);
    checks[`${step.name}: carries Kopek-Position`] = Number.isInteger(position);
    const min = step.headers["kopek-min-position"];
    // The primary's read models reach the asked position; a report from the replica says its own.
    if (min !== undefined && step.name !== "monthly report") {
      checks[`${step.name}: Kopek-Position >= Kopek-Min-Position`] = position >= Number(min);
    }
  }
  if (step.name === "monthly report") {
    const servedBy = reply.headers["kopek-served-by"];
    checks["monthly report: Kopek-Served-By replica or primary"] = servedBy === "replica" ||
      servedBy === "primary";
    checks["monthly report: months"] = Array.isArray(body.months);
  }
  if (step.name.startsWith("balances")) {
    const members = Array.isArray(body.members) ? body.members : null;
    checks["balances: members' balances sum to zero"] = members !== null &&
      members.reduce(
          (/** @type {number} */ sum, /** @type {any} */ m) =>
            sum + Math.round(Number(m.balance?.amount) * 100),
          0,
        ) === 0;
  }
  if (step.name.startsWith("expenses")) {
    checks["expenses: a page of items"] = Array.isArray(body.items) &&
      (body.nextCursor === null || typeof body.nextCursor === "string");
  }
  return checks;
}

// ---- The scenarios ---------------------------------------------------------

/**
 * Sends `step` until it is answered with something not worth a retry (see
 * {@link RETRYABLE}) or the policy gives up: the same step each time, so a
 * create keeps its id and body. Answers the last reply and how many sends
 * it took.
 *
 * @param {RequestStep} step
 * @param {RetryPolicy} [policy]
 * @returns {Scenario<{ reply: Reply, sends: number }>}
 */
export function* send(step, policy = DEFAULT_RETRY) {
  let sends = 0;
  while (true) {
    const reply = yield step;
    sends++;
    if (!reply) throw new Error(`the runner gave no reply to ${step.name}`);
    const retryable = policy.retryAll
      ? reply.status < 200 || reply.status > 299
      : RETRYABLE.includes(reply.status);
    if (!retryable || sends >= policy.attempts || policy.giveUp?.()) {
      yield { kind: "checks", name: step.name, checks: checkReply(step, reply) };
      return { reply, sends };
    }
    if (reply.status === 429 || reply.status === 503) {
      // The contract: a 429 and a 503 say when to come back.
      yield {
        kind: "checks",
        name: step.name,
        checks: {
          [`${step.name}: ${reply.status} carries Retry-After`]: "retry-after" in reply.headers,
        },
      };
    }
    const retryAfter = Number(reply.headers["retry-after"]);
    yield {
      kind: "sleep",
      seconds: Number.isFinite(retryAfter) && retryAfter > 0
        ? Math.min(retryAfter, policy.maxRetryAfterS)
        : policy.backoffS,
    };
    // The deadline may have passed during the pause: then the last answer is the answer.
    if (policy.giveUp?.()) {
      yield { kind: "checks", name: step.name, checks: checkReply(step, reply) };
      return { reply, sends };
    }
  }
}

/**
 * Signs a new user up (`register`), then in again (`login`, as a returning
 * client would), and creates a group with a client-chosen id: the
 * {@link Session} every other scenario works in.
 *
 * @param {string} [label] Part of the e-mail address and names.
 * @returns {Scenario<Session>}
 */
export function* signUp(label = "load") {
  const email = `${label}-${uuidv7().slice(-12)}@example.com`;
  const registered = yield* send(registerRequest(email, `Load ${label}`));
  if (registered.reply.status !== 201) {
    throw new Error(
      `register: ${registered.reply.status} ${JSON.stringify(registered.reply.body)}`,
    );
  }
  const login = yield* send(loginRequest(email));
  if (login.reply.status !== 200) {
    throw new Error(`login: ${login.reply.status} ${JSON.stringify(login.reply.body)}`);
  }
  const token = login.reply.body.token;
  const group = yield* send(createGroupRequest(token, uuidv7(), `Load ${label}`));
  if (group.reply.status !== 201) {
    throw new Error(`create group: ${group.reply.status} ${JSON.stringify(group.reply.body)}`);
  }
  const session = { token, groupId: group.reply.body.id, memberId: group.reply.body.memberId };
  // The group readable on the query side before anything reads it.
  const read = yield* send(balancesRequest(session, group.reply.body.position));
  if (read.reply.status !== 200) {
    throw new Error(`the new group is not readable: ${read.reply.status}`);
  }
  return session;
}

/**
 * What a write came to: its id, whether it was acknowledged (2xx) and at
 * which position, after how many sends.
 *
 * @typedef {object} WriteOutcome
 * @property {string} id
 * @property {boolean} acked
 * @property {number} position The acknowledgement's position (0 when not acknowledged).
 * @property {number} sends
 * @property {number} status The last answer's status.
 */

/**
 * Records one expense with an id of its own, retried with that same id and
 * body until acknowledged or the policy gives up (`onChosen` learns the id
 * before the first send: the topology test tracks ids not yet acknowledged).
 *
 * @param {Session} s
 * @param {string} description
 * @param {RetryPolicy} [policy]
 * @param {(id: string) => void} [onChosen]
 * @returns {Scenario<WriteOutcome>}
 */
export function* writeExpense(s, description, policy = DEFAULT_RETRY, onChosen) {
  const id = uuidv7();
  onChosen?.(id);
  const { reply, sends } = yield* send(recordExpenseRequest(s, id, description), policy);
  const acked = reply.status === 200 || reply.status === 201;
  return {
    id,
    acked,
    position: acked && typeof reply.body?.position === "number" ? reply.body.position : 0,
    sends,
    status: reply.status,
  };
}

/**
 * Reads the group's balances and its first page of expenses, without
 * `Kopek-Min-Position` (what an open page polls).
 *
 * @param {Session} s
 * @returns {Scenario<void>}
 */
export function* readLedger(s) {
  yield* send(balancesRequest(s));
  yield* send(expensesRequest(s));
}

/**
 * Read-your-writes: records an expense, then reads the expense list and the
 * balances with `Kopek-Min-Position` set to the write's position (a 503
 * `Retry-After` is retried; the checks ask for `Kopek-Position` ≥ it).
 *
 * @param {Session} s
 * @param {string} description
 * @returns {Scenario<WriteOutcome>}
 */
export function* readYourWrites(s, description) {
  const write = yield* writeExpense(s, description);
  if (write.acked) {
    yield* send(expensesRequest(s, write.position));
    yield* send(balancesRequest(s, write.position));
  }
  return write;
}

/**
 * The monthly report, from the replica where one is configured; with a
 * position, read-your-writes (the primary answers when the replica lags).
 *
 * @param {Session} s
 * @param {number} [minPosition]
 * @returns {Scenario<Reply>}
 */
export function* readReport(s, minPosition) {
  return (yield* send(monthlyReportRequest(s, minPosition))).reply;
}

/**
 * The mix of a busy group's clients, one iteration: 2 expense writes, one
 * of them read back with `Kopek-Min-Position`, 3 ledger reads and one report.
 *
 * @param {Session} s
 * @param {string} label
 * @returns {Scenario<WriteOutcome[]>}
 */
export function* mixed(s, label) {
  const first = yield* writeExpense(s, `${label} a`);
  yield* readLedger(s);
  const second = yield* readYourWrites(s, `${label} b`);
  yield* send(balancesRequest(s));
  yield* readReport(s);
  return [first, second];
}

/**
 * The scenarios by name, as both runners offer them; each runs one
 * iteration in a session (`n` numbers the iteration).
 *
 * @type {Record<string, (s: Session, n: string) => Scenario<unknown>>}
 */
export const SCENARIOS = {
  write: (s, n) => writeExpense(s, `load write ${n}`),
  ledger: (s) => readLedger(s),
  "read-your-writes": (s, n) => readYourWrites(s, `load ryw ${n}`),
  report: (s) => readReport(s),
  mixed: (s, n) => mixed(s, `load mixed ${n}`),
};
