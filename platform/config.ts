/**
 * Configuration from environment variables, validated by one zod schema per
 * service. A missing or bad value stops the start with a message naming the
 * variable.
 *
 * @module
 */
import { z } from "zod";
import type { HttpLimits } from "./http/server.ts";
import { PASSWORD_VARIABLES, readSecretFile, schemaEnv, SECRET_VARIABLES } from "./secret_files.ts";

export * from "./secret_files.ts";

/** A configuration value is missing or wrong. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly { variable: string; message: string }[]) {
    super(
      `invalid configuration: ${problems.map((p) => `${p.variable} ${p.message}`).join("; ")}`,
    );
    this.name = "ConfigError";
  }
}

/**
 * Reads the variables a schema names from an environment (by default the
 * process's, through {@linkcode schemaEnv}), or throws {@linkcode ConfigError}.
 * A secret given as `NAME_FILE` is read from that file (see
 * {@linkcode readSecretFile}); setting both `NAME` and `NAME_FILE` is an
 * error. Messages name variables and paths, never values.
 */
export function loadConfig<S extends z.ZodObject>(
  schema: S,
  env: Record<string, string | undefined> = schemaEnv(schema),
): z.infer<S> {
  const input: Record<string, string | undefined> = {};
  const fromFile = new Set<string>();
  const problems: { variable: string; message: string }[] = [];
  /** A variable's value, from the environment or (a secret) from its `_FILE`. */
  const resolve = (name: string): string | undefined => {
    const value = env[name] === "" ? undefined : env[name];
    const path = SECRET_VARIABLES.includes(name) ? env[`${name}_FILE`] : undefined;
    if (path === undefined || path === "") return value;
    if (value !== undefined) {
      problems.push({ variable: `${name}_FILE`, message: `and ${name} are both set: set one` });
      return undefined;
    }
    try {
      const read = readSecretFile(path);
      fromFile.add(name);
      return read;
    } catch (e) {
      problems.push({ variable: `${name}_FILE`, message: (e as Error).message });
      return undefined;
    }
  };
  for (const key of Object.keys(schema.shape)) {
    input[key] = resolve(key);
    const passwordVariable = PASSWORD_VARIABLES[key];
    const password = passwordVariable ? resolve(passwordVariable) : undefined;
    if (password === undefined || problems.length > 0) continue;
    const url = input[key];
    const userinfo = url?.match(/^(postgres(?:ql)?:\/\/)([^@/?#]*)@/);
    if (url === undefined) {
      problems.push({ variable: passwordVariable, message: `is set without ${key}` });
    } else if (!userinfo || userinfo[2] === "") {
      problems.push({
        variable: key,
        message: `must name its role (postgres://ROLE@host/db) with ${passwordVariable}`,
      });
    } else if (userinfo[2].includes(":")) {
      problems.push({
        variable: passwordVariable,
        message: `is set and ${key} has a password too: set one`,
      });
    } else {
      input[key] = `${userinfo[1]}${userinfo[2]}:${encodeURIComponent(password)}@${
        url.slice(userinfo[0].length)
      }`;
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  const result = schema.safeParse(input);
  if (!result.success) {
    throw new ConfigError(result.error.issues.map((i) => {
      const variable = String(i.path[0] ?? "?");
      return {
        variable: fromFile.has(variable) ? `${variable} (from ${variable}_FILE)` : variable,
        message: i.message,
      };
    }));
  }
  return result.data;
}

/** An absolute http:// or https:// URL (a rates mirror or proxy; no file:, no credentials). */
const httpUrl = z.url({
  protocol: /^https?$/,
  error: "must be an http:// or https:// URL",
}).refine((u) => {
  // The worker's log names the URL when a fetch fails: no credentials in it.
  const url = URL.parse(u);
  return url === null || (url.username === "" && url.password === "");
}, { error: "must not carry a user or password" });

/** Building blocks for service schemas; the names are fixed by ARCHITECTURE.md. */
export const ConfigFields = {
  KOPEK_PORT: z.coerce.number({ error: "must be a port number" }).int().min(0).max(65535)
    .default(8080),
  KOPEK_DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, {
    error: "must be a postgres:// URL",
  }),
  KOPEK_REPORTING_DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, {
    error: "must be a postgres:// URL",
  }).optional(),
  /**
   * The owner role's connection, for `kopek migrate`, `rebuild` and `replay`
   * only (services never read it); default: `KOPEK_DATABASE_URL`. See ADR 0022.
   */
  KOPEK_MIGRATION_DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, {
    error: "must be a postgres:// URL",
  }).optional(),
  KOPEK_VALKEY_URL: z.string().regex(/^rediss?:\/\//, { error: "must be a redis:// URL" })
    .optional(),
  KOPEK_JWT_SECRET: z.string().min(32, { error: "must be at least 32 characters" }),
  KOPEK_PUBLIC_ORIGIN: z.url({ error: "must be a URL" }).optional(),
  /**
   * Email (ADR 0060): the SMTP server, `smtp://[user:pass@]host[:port]` (STARTTLS when
   * offered) or `smtps://…` (TLS). Unset: email is off (404 email.disabled).
   */
  KOPEK_SMTP_URL: z.string().regex(/^smtps?:\/\/[^\s]+$/, {
    error: "must be an smtp:// or smtps:// URL",
  }).optional(),
  /** The From of Kopek's mails (default: `Kopek <noreply@` the public origin's host `>`). */
  KOPEK_MAIL_FROM: z.string().min(3).max(200).regex(/^[^\r\n]+@[^\r\n]+$/, {
    error: "must be an address, e.g. Kopek <kopek@example.com>",
  }).optional(),
  KOPEK_LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"], {
    error: "must be one of fatal, error, warn, info, debug, trace, silent",
  }).default("info"),
  KOPEK_DATA_DIR: z.string().default("./data"),
  /** Whether the rates worker fetches the ECB's files (off for offline installs and tests). */
  KOPEK_RATES_FETCH: z.enum(["on", "off"], { error: "must be on or off" }).default("on"),
  /** Whether the last `X-Forwarded-For` hop is the client (set it behind Traefik, never when exposed). */
  KOPEK_TRUST_PROXY: z.enum(["on", "off"], { error: "must be on or off" }).default("off"),
  /** Whether the rate limits apply (turn them off only for load tests). */
  KOPEK_RATE_LIMITS: z.enum(["on", "off"], { error: "must be on or off" }).default("on"),
  /** The Telegram bot's service key, shared by the bot and the command API. */
  KOPEK_BOT_API_KEY: z.string().min(32, { error: "must be at least 32 characters" }).optional(),
  /**
   * The bot's optional language-model fallback (ADR 0068): an OpenAI-compatible chat-completions
   * API (`…/v1`: llama.cpp's server, Ollama, a hosted one), asked only about texts the rules
   * could not read; off when unset. Its answer is always a question, never recorded directly.
   */
  KOPEK_BOT_LLM_URL: httpUrl.optional(),
  /** The model the fallback names in its requests (required with `KOPEK_BOT_LLM_URL`). */
  KOPEK_BOT_LLM_MODEL: z.string().min(1).max(200, { error: "must be at most 200 characters" })
    .optional(),
  /** The fallback's bearer key, for a hosted API (a secret: `_FILE` too; never logged). */
  KOPEK_BOT_LLM_KEY: z.string().min(1).max(4096, { error: "must be at most 4096 characters" })
    .optional(),
  /** How long the fallback waits for the model's answer (ms). */
  KOPEK_BOT_LLM_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(5000),
  /** Model calls a Telegram user may cause per hour. */
  KOPEK_BOT_LLM_USER_HOURLY: z.coerce.number().int().min(1).max(10_000).default(10),
  /** Model calls per day for the whole bot (every user together). */
  KOPEK_BOT_LLM_DAILY: z.coerce.number().int().min(1).max(10_000_000).default(500),
  /**
   * Where the rates worker fetches the latest publication: the ECB's daily
   * file, or a mirror or proxy of it (an http(s) URL serving the same XML).
   */
  KOPEK_RATES_DAILY_URL: httpUrl.default(
    "https://www.ecb.europa.eu/stats/eurofxref/eurofxref-daily.xml",
  ),
  /** Where it fetches the last 90 days (first run, after a failed run): the ECB's or a mirror. */
  KOPEK_RATES_HISTORY_URL: httpUrl.default(
    "https://www.ecb.europa.eu/stats/eurofxref/eurofxref-hist-90d.xml",
  ),
  /**
   * How many HTTP servers the all-in-one runs on its one port (ADR 0063): the main isolate's and
   * `n - 1` workers, each on its own thread and core, sharing the port with `SO_REUSEPORT`.
   * `auto` picks from the cores (see cli/http_workers.ts); the projector stays single.
   */
  KOPEK_HTTP_WORKERS: z.union([
    z.literal("auto"),
    z.coerce.number({ error: "must be auto or a number from 1 to 16" }).int({
      error: "must be auto or a number from 1 to 16",
    }).min(1, { error: "must be auto or a number from 1 to 16" }).max(16, {
      error: "must be auto or a number from 1 to 16",
    }),
  ]).default("auto"),
  /**
   * `off`: the all-in-one records no occurrences of recurring expenses (another process's
   * scheduler does, or a test wants no write it did not make; ADR 0051).
   */
  KOPEK_SCHEDULER: z.enum(["on", "off"], { error: "must be on or off" }).default("on"),
  /** How often the scheduler looks for due occurrences of recurring expenses (ms; ADR 0051). */
  KOPEK_SCHEDULER_INTERVAL_MS: z.coerce.number({ error: "must be a number of milliseconds" }).int()
    .min(100, { error: "must be at least 100" }).max(3_600_000, {
      error: "must be at most an hour",
    })
    .default(30_000),
  /** How often the rates worker fetches, in minutes. */
  KOPEK_RATES_INTERVAL_MINUTES: z.coerce.number({ error: "must be a number of minutes" }).int()
    .min(1, { error: "must be at least 1" }).default(360),
  /**
   * Writes are refused (503 `storage_full`) while a watched volume has less
   * free space than this, in bytes (default 256 MiB; 0 turns the guard off).
   */
  KOPEK_MIN_FREE_BYTES: z.coerce.number({ error: "must be a number of bytes" }).int()
    .min(0, { error: "must be 0 or more" }).default(256 * 1024 * 1024),
  /**
   * The folders whose volumes the write guard watches, comma-separated (the
   * database's data folder and its `pg_wal`, as this process sees them);
   * empty: none. The all-in-one on its embedded PostgreSQL always watches
   * that server's data folder and `pg_wal` too.
   */
  KOPEK_STORAGE_PATHS: z.string().default("").transform((s) =>
    s.split(",").map((p) => p.trim()).filter((p) => p !== "")
  ),
  /** Where attachments' bytes are kept (ADR 0055): the database (default) or an S3-compatible store. */
  KOPEK_ATTACHMENTS_STORE: z.enum(["postgres", "s3"], { error: "must be postgres or s3" })
    .default("postgres"),
  /** The S3-compatible store's endpoint (MinIO, Garage…); unset: AWS S3 of the region. */
  KOPEK_S3_ENDPOINT: httpUrl.optional(),
  KOPEK_S3_REGION: z.string().min(1, { error: "must be a region" }).default("us-east-1"),
  /** The bucket (it must exist) when `KOPEK_ATTACHMENTS_STORE=s3`. */
  KOPEK_S3_BUCKET: z.string().min(3, { error: "must be a bucket name" }).optional(),
  /** The access key; unset: the SDK's default chain (instance role, `AWS_*` variables). */
  KOPEK_S3_ACCESS_KEY_ID: z.string().min(1, { error: "must not be empty" }).optional(),
  KOPEK_S3_SECRET_ACCESS_KEY: z.string().min(1, { error: "must not be empty" }).optional(),
  /** Path-style URLs (`endpoint/bucket/key`): on for MinIO and most self-hosted stores. */
  KOPEK_S3_FORCE_PATH_STYLE: z.enum(["on", "off"], { error: "must be on or off" }).default("off"),
  /**
   * `on`: attachments' signed URLs are the store's presigned URLs (the browser fetches from the
   * store: it must be reachable and allowed by the PWA's CSP); `off`: Kopek serves the files.
   */
  KOPEK_S3_PRESIGNED_URLS: z.enum(["on", "off"], { error: "must be on or off" }).default("off"),
  /** Web push (ADR 0057): the VAPID public key, base64url of an uncompressed P-256 point. */
  KOPEK_VAPID_PUBLIC_KEY: z.string().regex(/^B[A-Za-z0-9_-]{86}$/, {
    error: "must be a VAPID public key (87 base64url characters, e.g. from `kopek vapid-keys`)",
  }).optional(),
  /** Its private key, base64url of 32 bytes (a secret: `KOPEK_VAPID_PRIVATE_KEY_FILE` too). */
  KOPEK_VAPID_PRIVATE_KEY: z.string().regex(/^[A-Za-z0-9_-]{43}$/, {
    error: "must be a VAPID private key (43 base64url characters)",
  }).optional(),
  /** Who push services may contact about Kopek's pushes: a mailto: or https: URL. */
  KOPEK_VAPID_SUBJECT: z.string().regex(/^(mailto:[^\s@]+@[^\s@]+|https:\/\/\S+)$/, {
    error: "must be a mailto: or https: URL",
  }).max(200, { error: "must be at most 200 characters" }).default("mailto:admin@localhost"),
  /**
   * Lets push subscriptions name http: endpoints and private, loopback or
   * link-local addresses (tests with a local push service; never in production).
   */
  KOPEK_PUSH_ALLOW_PRIVATE: z.enum(["0", "1"], { error: "must be 0 or 1" }).default("0"),
} as const;

const seconds = (least: number, most: number) =>
  z.coerce.number({ error: "must be a number of seconds" }).min(least, {
    error: `must be at least ${least}`,
  }).max(most, { error: `must be at most ${most}` });

/**
 * What every HTTP server takes from slow clients and how long it drains at
 * shutdown (ADR 0025; figures in docs/operations.md, "Shutdown and slow
 * clients"). Spread into a service's schema.
 */
export const ServerConfigFields = {
  /** The address to listen on (every service; `127.0.0.1` keeps it off the network). */
  KOPEK_HOSTNAME: z.string().min(1, { error: "must be an address" }).default("0.0.0.0"),
  /** The request line and headers must arrive within this. */
  KOPEK_HTTP_HEADERS_TIMEOUT_SECONDS: seconds(0.1, 300).default(10),
  /** The whole request, body included, must arrive within this (at least the headers timeout). */
  KOPEK_HTTP_BODY_TIMEOUT_SECONDS: seconds(0.1, 3600).default(120),
  /** A kept-alive connection without a new request is closed after this. */
  KOPEK_HTTP_IDLE_TIMEOUT_SECONDS: seconds(0.1, 3600).default(75),
  /** Connections open at once; more are closed as they arrive. */
  KOPEK_HTTP_MAX_CONNECTIONS: z.coerce.number({ error: "must be a number" }).int()
    .min(1, { error: "must be at least 1" }).default(2000),
  /**
   * At shutdown, how long requests in flight may take to finish before their
   * connections are closed; the process exits at the latest 3 s later.
   */
  KOPEK_SHUTDOWN_GRACE_SECONDS: seconds(0.1, 60).default(7),
  /** Whether `/metrics` serves Prometheus families and requests are counted (ADR 0036). */
  KOPEK_METRICS: z.enum(["on", "off"], { error: "must be on or off" }).default("on"),
} as const;

/** Where attachments' bytes go (ADR 0055): spread into the schemas of the services that use them. */
export const AttachmentsConfigFields = {
  KOPEK_ATTACHMENTS_STORE: ConfigFields.KOPEK_ATTACHMENTS_STORE,
  KOPEK_S3_ENDPOINT: ConfigFields.KOPEK_S3_ENDPOINT,
  KOPEK_S3_REGION: ConfigFields.KOPEK_S3_REGION,
  KOPEK_S3_BUCKET: ConfigFields.KOPEK_S3_BUCKET,
  KOPEK_S3_ACCESS_KEY_ID: ConfigFields.KOPEK_S3_ACCESS_KEY_ID,
  KOPEK_S3_SECRET_ACCESS_KEY: ConfigFields.KOPEK_S3_SECRET_ACCESS_KEY,
  KOPEK_S3_FORCE_PATH_STYLE: ConfigFields.KOPEK_S3_FORCE_PATH_STYLE,
  KOPEK_S3_PRESIGNED_URLS: ConfigFields.KOPEK_S3_PRESIGNED_URLS,
} as const;

/** The server settings of a configuration with {@linkcode ServerConfigFields}. */
export interface ServerSettings {
  /** The address to listen on. */
  readonly hostname: string;
  readonly limits: HttpLimits;
  /** At shutdown, how long requests in flight may take, in milliseconds. */
  readonly graceMs: number;
}

/** Maps the variables of {@linkcode ServerConfigFields} to server settings. */
export function serverSettings(
  config: z.infer<z.ZodObject<typeof ServerConfigFields>>,
): ServerSettings {
  const ms = (s: number) => Math.round(s * 1000);
  return {
    hostname: config.KOPEK_HOSTNAME,
    limits: {
      headersTimeoutMs: ms(config.KOPEK_HTTP_HEADERS_TIMEOUT_SECONDS),
      // Never below the headers timeout (node refuses that).
      requestTimeoutMs: ms(
        Math.max(config.KOPEK_HTTP_BODY_TIMEOUT_SECONDS, config.KOPEK_HTTP_HEADERS_TIMEOUT_SECONDS),
      ),
      keepAliveTimeoutMs: ms(config.KOPEK_HTTP_IDLE_TIMEOUT_SECONDS),
      maxConnections: config.KOPEK_HTTP_MAX_CONNECTIONS,
    },
    graceMs: ms(config.KOPEK_SHUTDOWN_GRACE_SECONDS),
  };
}

/**
 * How many `/live` streams one query API instance (or the all-in-one) holds:
 * per user and in all (ADR 0025).
 */
export const LiveConfigFields = {
  KOPEK_LIVE_STREAMS_PER_USER: z.coerce.number({ error: "must be a number" }).int()
    .min(1, { error: "must be at least 1" }).default(16),
  KOPEK_LIVE_STREAMS_MAX: z.coerce.number({ error: "must be a number" }).int()
    .min(1, { error: "must be at least 1" }).default(1000),
} as const;

/**
 * How long a read that asks for `Kopek-Min-Position` waits for the read
 * models to reach it before it answers 503 `position_not_reached`.
 */
export const ReadConfigFields = {
  KOPEK_READ_WAIT_SECONDS: z.coerce.number({ error: "must be a number" })
    .min(0.1, { error: "must be at least 0.1" }).max(60, { error: "must be at most 60" })
    .default(2),
} as const;

/** {@linkcode loadConfig} for a service's entry point: prints the problem and exits 78 (EX_CONFIG). */
export function loadConfigOrExit<S extends z.ZodObject>(schema: S): z.infer<S> {
  try {
    return loadConfig(schema);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    Deno.stderr.writeSync(new TextEncoder().encode(e.message + "\n"));
    Deno.exit(78);
  }
}
