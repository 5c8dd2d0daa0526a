/**
 * The bot's client of Kopek's public HTTP API (API.md): it links Telegram
 * users with the bot's service key, gets 15-minute tokens for them (cached
 * until shortly before they expire), and reads and writes as the linked user.
 * It never touches the database.
 *
 * @module
 */

import type {
  Attachment,
  Balances as BalancesAnswer,
  Categories,
  ExpenseBody,
  GroupDetail,
  GroupListItem,
  Member as MemberAnswer,
  MemberChat,
  Money,
  Page,
  SettlementBody,
  TelegramChats,
  TelegramLinked,
  TelegramToken,
  WriteResult,
} from "@kopek/contract";

// The wire types are the contract's (@kopek/contract, ADR 0046); these names are what the bot
// reads of them.
export type { Attachment, MemberChat, Money, WriteResult };

/** One of the caller's groups (`GET /v1/groups`). */
export type GroupSummary = GroupListItem;

/** A group member (`GET /v1/groups/{g}`); the bot does not read a member's version. */
export type Member = Omit<MemberAnswer, "version">;

/** A group with its members. */
export type Group = Omit<GroupDetail, "members"> & { readonly members: readonly Member[] };

/** The body of `POST /v1/groups/{g}/expenses`, without `id` (the client adds it). */
export type NewExpense = Omit<ExpenseBody, "id">;

/** The body of `POST /v1/groups/{g}/settlements`, without `id`. */
export type NewSettlement = Omit<SettlementBody, "id">;

/** `GET /v1/groups/{g}/balances`; the bot does not read `asOf`. */
export type Balances = Omit<BalancesAnswer, "asOf">;

/** A failed API call: the status and, for problem documents, their `code`. */
export class KopekApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string | undefined,
    readonly detail: string,
  ) {
    super(`Kopek API ${status}${code ? ` ${code}` : ""}: ${detail}`);
    this.name = "KopekApiError";
  }
}

/**
 * Kopek could not be reached: the request failed on the network (connection
 * refused or reset, DNS) or timed out, so no answer came. The original error
 * is the `cause`. Only this, 5xx and 429 count as Kopek down (see `retry.ts`).
 */
export class KopekUnreachable extends Error {
  constructor(cause: unknown) {
    super(`Kopek unreachable: ${cause instanceof Error ? cause.message : String(cause)}`, {
      cause,
    });
    this.name = "KopekUnreachable";
  }
}

/** How to reach Kopek. */
export interface KopekApiOptions {
  /** The API's origin, e.g. `http://127.0.0.1:8080` (no `/v1`). */
  readonly baseUrl: string;
  /** `KOPEK_BOT_API_KEY`, the bot's service key. */
  readonly botApiKey: string;
  /** The clock, for the token cache. */
  readonly now?: () => Date;
  /** A token is renewed once it has less than this left (default 60 s). */
  readonly renewBeforeMs?: number;
  /** The fetch to use (tests). */
  readonly fetch?: typeof fetch;
  /** Client ids for creates (UUIDv7); tests may fix them. */
  readonly newId: () => string;
  /** How long one call may take before it fails with a TimeoutError (default 10 s). */
  readonly timeoutMs?: number;
}

interface CachedToken {
  readonly userId: string;
  readonly token: string;
  readonly expiresAt: number;
}

/** Kopek's API as the bot uses it; one instance per bot process. */
export class KopekApi {
  readonly #options: KopekApiOptions;
  readonly #tokens = new Map<number, CachedToken>();
  readonly #now: () => Date;
  readonly #fetch: typeof fetch;

  constructor(options: KopekApiOptions) {
    this.#options = options;
    this.#now = options.now ?? (() => new Date());
    this.#fetch = options.fetch ?? fetch;
  }

  /** Redeems a link code for a Telegram user; answers the Kopek account. */
  async link(
    code: string,
    telegramUserId: number,
  ): Promise<{ id: string; displayName: string; position: number }> {
    const body: TelegramLinked = await this.#call(
      "POST",
      "/v1/telegram/links",
      this.#options.botApiKey,
      {
        code,
        telegramUserId,
      },
    );
    this.#tokens.delete(telegramUserId);
    return { ...body.user, position: body.position };
  }

  /** The Kopek user linked to a Telegram user, with a token valid for a while yet. */
  async session(telegramUserId: number): Promise<{ userId: string; token: string }> {
    const cached = this.#tokens.get(telegramUserId);
    const renewBefore = this.#options.renewBeforeMs ?? 60_000;
    if (cached && cached.expiresAt - this.#now().getTime() > renewBefore) return cached;
    const body: TelegramToken = await this.#call(
      "POST",
      "/v1/telegram/tokens",
      this.#options.botApiKey,
      {
        telegramUserId,
      },
    );
    const fresh = { userId: body.userId, token: body.token, expiresAt: Date.parse(body.expiresAt) };
    this.#tokens.set(telegramUserId, fresh);
    return fresh;
  }

  /** The Telegram user's groups. */
  async groups(telegramUserId: number, minPosition?: number): Promise<GroupSummary[]> {
    const body: Page<GroupListItem> = await this.#as(
      telegramUserId,
      "GET",
      "/v1/groups?limit=500",
      undefined,
      minPosition,
    );
    return body.items;
  }

  /** A group with its members; `minPosition` waits for the caller's own writes. */
  group(telegramUserId: number, groupId: string, minPosition?: number): Promise<Group> {
    return this.#as(telegramUserId, "GET", `/v1/groups/${groupId}`, undefined, minPosition);
  }

  /** The group's custom categories an expense may choose (not removed), for the parser. */
  async categories(
    telegramUserId: number,
    groupId: string,
    minPosition?: number,
  ): Promise<{ key: string; name: string }[]> {
    const body: Categories = await this.#as(
      telegramUserId,
      "GET",
      `/v1/groups/${groupId}/categories`,
      undefined,
      minPosition,
    );
    return body.items.filter((c) => !c.builtIn && !c.removed).map((c) => ({
      key: c.key,
      name: c.name,
    }));
  }

  /**
   * Records an expense under the client id `id` (a fresh UUIDv7 when absent):
   * retrying with the same id and body answers the same result, no duplicate.
   */
  recordExpense(
    telegramUserId: number,
    groupId: string,
    expense: NewExpense,
    id: string = this.#options.newId(),
  ): Promise<WriteResult> {
    return this.#as(telegramUserId, "POST", `/v1/groups/${groupId}/expenses`, { id, ...expense });
  }

  /**
   * Replaces an expense (`PUT`, `If-Match: version`): 412 when it changed since.
   */
  amendExpense(
    telegramUserId: number,
    groupId: string,
    expenseId: string,
    version: number,
    expense: NewExpense,
  ): Promise<WriteResult> {
    return this.#as(
      telegramUserId,
      "PUT",
      `/v1/groups/${groupId}/expenses/${expenseId}`,
      expense,
      undefined,
      { "if-match": `"${version}"` },
    );
  }

  /** Records a settlement under the client id `id` (idempotent like expenses). */
  recordSettlement(
    telegramUserId: number,
    groupId: string,
    settlement: NewSettlement,
    id: string = this.#options.newId(),
  ): Promise<WriteResult> {
    return this.#as(telegramUserId, "POST", `/v1/groups/${groupId}/settlements`, {
      id,
      ...settlement,
    });
  }

  /** Voids a settlement, provided it is still at `version`. */
  voidSettlement(
    telegramUserId: number,
    groupId: string,
    settlementId: string,
    version: number,
  ): Promise<WriteResult> {
    return this.#as(
      telegramUserId,
      "DELETE",
      `/v1/groups/${groupId}/settlements/${settlementId}`,
      undefined,
      undefined,
      { "if-match": `"${version}"` },
    );
  }

  /**
   * Which of `userIds` (members of the group) linked Telegram, asked for the
   * acting Telegram user, who must be an active member of the group.
   */
  async chats(
    telegramUserId: number,
    groupId: string,
    userIds: readonly string[],
  ): Promise<MemberChat[]> {
    const body: TelegramChats = await this.#call(
      "POST",
      "/v1/telegram/chats",
      this.#options.botApiKey,
      {
        telegramUserId,
        groupId,
        userIds,
      },
    );
    return body.chats;
  }

  /** The group's balances, at least as of `minPosition`. */
  balances(telegramUserId: number, groupId: string, minPosition?: number): Promise<Balances> {
    return this.#as(
      telegramUserId,
      "GET",
      `/v1/groups/${groupId}/balances`,
      undefined,
      minPosition,
    );
  }

  /** Voids an expense, provided it is still at `version` (412 otherwise). */
  voidExpense(
    telegramUserId: number,
    groupId: string,
    expenseId: string,
    version: number,
  ): Promise<WriteResult> {
    return this.#as(
      telegramUserId,
      "DELETE",
      `/v1/groups/${groupId}/expenses/${expenseId}`,
      undefined,
      undefined,
      { "if-match": `"${version}"` },
    );
  }

  /**
   * Attaches a file to an expense (`PUT …/attachments/{attachmentId}`, the raw bytes as the
   * body; Kopek checks the type from the bytes): the same id and bytes again answer the first
   * result (`created` false), so a retry never attaches twice. Up to a minute for the upload.
   */
  async addAttachment(
    telegramUserId: number,
    groupId: string,
    expenseId: string,
    attachmentId: string,
    bytes: Uint8Array<ArrayBuffer>,
    name?: string,
  ): Promise<{ created: boolean; attachment: Attachment }> {
    const { token } = await this.session(telegramUserId);
    const query = name ? `?name=${encodeURIComponent(name)}` : "";
    const path = `/v1/groups/${groupId}/expenses/${expenseId}/attachments/${attachmentId}${query}`;
    let created = false;
    const attachment: Attachment = await this.#call("PUT", path, token, undefined, {
      "content-type": "application/octet-stream",
    }, { bytes, timeoutMs: 60_000, status: (s) => void (created = s === 201) });
    return { created, attachment };
  }

  async #as(
    telegramUserId: number,
    method: string,
    path: string,
    body?: unknown,
    minPosition?: number,
    headers: Record<string, string> = {},
  ) {
    const { token } = await this.session(telegramUserId);
    const h = { ...headers };
    if (minPosition !== undefined) h["kopek-min-position"] = String(minPosition);
    return this.#call(method, path, token, body, h);
  }

  async #call(
    method: string,
    path: string,
    token: string,
    body?: unknown,
    headers = {},
    raw?: { bytes: Uint8Array<ArrayBuffer>; timeoutMs: number; status: (status: number) => void },
    // deno-lint-ignore no-explicit-any
  ): Promise<any> {
    const h: Record<string, string> = { ...headers, authorization: `Bearer ${token}` };
    if (body !== undefined) h["content-type"] = "application/json; charset=utf-8";
    const url = new URL(path, this.#options.baseUrl);
    const json = raw ? raw.bytes : body === undefined ? undefined : JSON.stringify(body);
    let res: Response;
    let text: string;
    try {
      res = await this.#fetch(url, {
        method,
        headers: h,
        body: json,
        signal: AbortSignal.timeout(raw?.timeoutMs ?? this.#options.timeoutMs ?? 10_000),
      });
      raw?.status(res.status);
      text = await res.text();
    } catch (error) {
      // fetch's network failures are TypeErrors; AbortSignal.timeout() raises a TimeoutError.
      // Anything else thrown here is not about the network: passed on as it is.
      if (
        error instanceof TypeError ||
        (error instanceof DOMException &&
          (error.name === "TimeoutError" || error.name === "AbortError"))
      ) {
        throw new KopekUnreachable(error);
      }
      throw error;
    }
    let parsed: Record<string, unknown> = {};
    try {
      parsed = text ? JSON.parse(text) : {};
    } catch {
      parsed = {};
    }
    if (!res.ok) {
      throw new KopekApiError(
        res.status,
        typeof parsed.code === "string" ? parsed.code : undefined,
        typeof parsed.detail === "string" ? parsed.detail : res.statusText,
      );
    }
    return parsed;
  }
}
