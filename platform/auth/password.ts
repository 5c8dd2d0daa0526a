/**
 * Password hashing with Argon2id (memory-hard), through hash-wasm so that it
 * runs in Deno without a native addon. Parameters follow OWASP's minimum
 * (19 MiB, 2 iterations, 1 lane).
 *
 * @module
 */
import { argon2id, argon2Verify } from "hash-wasm";

/** Argon2id cost parameters. */
export interface PasswordCost {
  readonly memoryKiB: number;
  readonly iterations: number;
}

/** OWASP's recommended minimum for Argon2id. */
export const DEFAULT_PASSWORD_COST: PasswordCost = { memoryKiB: 19_456, iterations: 2 };

/** Hashes a password into a PHC string (`$argon2id$v=19$m=…`). */
export function hashPassword(
  password: string,
  cost: PasswordCost = DEFAULT_PASSWORD_COST,
): Promise<string> {
  return argon2id({
    password,
    salt: crypto.getRandomValues(new Uint8Array(16)),
    parallelism: 1,
    iterations: cost.iterations,
    memorySize: cost.memoryKiB,
    hashLength: 32,
    outputType: "encoded",
  });
}

/** Checks a password against a PHC string in constant time. */
export async function verifyPassword(password: string, hash: string): Promise<boolean> {
  try {
    return await argon2Verify({ password, hash });
  } catch {
    return false;
  }
}
