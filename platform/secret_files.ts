/**
 * Secrets from files (ADR 0035): which variables carry a secret, the
 * `NAME_FILE` form each may take instead, and how such a file is read. The
 * environment a schema needs is read here too, by name, so that a service
 * runs under `--allow-env=KOPEK_*`.
 *
 * @module
 */
import type { z } from "zod";

/**
 * The variables that carry a secret (a key, a token, or a password inside a
 * URL). Each may instead be given as `NAME_FILE`, the path of a file holding
 * the value (the Docker and Kubernetes secrets convention; ADR 0035).
 */
export const SECRET_VARIABLES: readonly string[] = [
  "KOPEK_JWT_SECRET",
  "KOPEK_BOT_API_KEY",
  "KOPEK_VAPID_PRIVATE_KEY",
  // Not secret, but kept beside its private key (the same Kubernetes secret, `_FILE`).
  "KOPEK_VAPID_PUBLIC_KEY",
  "KOPEK_TELEGRAM_TOKEN",
  "KOPEK_TELEGRAM_WEBHOOK_SECRET",
  "KOPEK_BOT_LLM_KEY",
  "KOPEK_DATABASE_URL",
  "KOPEK_MIGRATION_DATABASE_URL",
  "KOPEK_REPORTING_DATABASE_URL",
  "KOPEK_VALKEY_URL",
  "KOPEK_S3_ACCESS_KEY_ID",
  "KOPEK_S3_SECRET_ACCESS_KEY",
  "KOPEK_SMTP_URL",
  "KOPEK_DATABASE_PASSWORD",
  "KOPEK_MIGRATION_DATABASE_PASSWORD",
  "KOPEK_REPORTING_DATABASE_PASSWORD",
];

/**
 * Database URLs whose password may be given on its own (`NAME_PASSWORD`, or
 * better `NAME_PASSWORD_FILE`): the URL (`postgres://ROLE@host:port/db`) then
 * stays plain configuration and the password alone is the secret. The
 * password goes into the URL percent-encoded.
 */
export const PASSWORD_VARIABLES: Readonly<Record<string, string>> = {
  KOPEK_DATABASE_URL: "KOPEK_DATABASE_PASSWORD",
  KOPEK_MIGRATION_DATABASE_URL: "KOPEK_MIGRATION_DATABASE_PASSWORD",
  KOPEK_REPORTING_DATABASE_URL: "KOPEK_REPORTING_DATABASE_PASSWORD",
};

/** The variables that may give `key`'s value: itself, its `_FILE`, its password's. */
export function variablesOf(key: string): string[] {
  const names = [key];
  const password = PASSWORD_VARIABLES[key];
  if (password) names.push(password);
  return names.flatMap((name) => SECRET_VARIABLES.includes(name) ? [name, `${name}_FILE`] : [name]);
}

/** Where the tasks in deno.json let the services read secret files (`--allow-read`). */
export const SECRETS_DIR = "/run/secrets";

/** A secret file larger than this is refused (a wrong path, not a secret). */
export const MAX_SECRET_FILE_BYTES = 64 * 1024;

/**
 * The process environment restricted to the variables a schema names (and
 * the `_FILE` variant of each secret among them, and the password variables
 * of its database URLs), each read with
 * `Deno.env.get`. Unlike `Deno.env.toObject()` this needs env permission for
 * those names only, so a service runs under `--allow-env=KOPEK_*` instead of
 * unrestricted `--allow-env`.
 */
export function schemaEnv(schema: z.ZodObject): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = {};
  for (const key of Object.keys(schema.shape)) {
    for (const name of variablesOf(key)) env[name] = Deno.env.get(name);
  }
  return env;
}

/**
 * Reads a secret file: at most {@linkcode MAX_SECRET_FILE_BYTES}, UTF-8,
 * trailing line breaks removed. Throws an Error whose message names the path
 * and the reason, never the content.
 */
export function readSecretFile(path: string): string {
  let file: Deno.FsFile;
  try {
    file = Deno.openSync(path, { read: true });
  } catch (e) {
    throw new Error(`cannot read ${path}: ${fileProblem(e)}`);
  }
  try {
    if (file.statSync().isDirectory) throw new Error(`${path} is a directory, not a file`);
    const buffer = new Uint8Array(MAX_SECRET_FILE_BYTES + 1);
    let length = 0;
    while (length < buffer.length) {
      let n: number | null;
      try {
        n = file.readSync(buffer.subarray(length));
      } catch (e) {
        throw new Error(`cannot read ${path}: ${fileProblem(e)}`);
      }
      if (n === null) break;
      length += n;
    }
    if (length > MAX_SECRET_FILE_BYTES) {
      throw new Error(`${path} is larger than ${MAX_SECRET_FILE_BYTES} bytes: not a secret file`);
    }
    let text: string;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(buffer.subarray(0, length));
    } catch {
      throw new Error(`${path} is not UTF-8 text`);
    }
    const value = text.replace(/[\r\n]+$/, "");
    if (value === "") throw new Error(`${path} is empty`);
    return value;
  } finally {
    file.close();
  }
}

/** Why a file could not be read, in words (never Deno's stack or the content). */
function fileProblem(e: unknown): string {
  if (e instanceof Deno.errors.NotFound) return "no such file";
  if (e instanceof Deno.errors.PermissionDenied) {
    return "permission denied (the file's mode or owner)";
  }
  if (e instanceof Deno.errors.NotCapable) {
    return `outside the process's --allow-read (the tasks in deno.json allow ${SECRETS_DIR})`;
  }
  if (e instanceof Deno.errors.IsADirectory) return "a directory, not a file";
  return e instanceof Error ? e.message : String(e);
}
