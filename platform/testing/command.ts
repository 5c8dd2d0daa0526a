/**
 * Runs a program to its end for a test: optional text on its stdin, its
 * stdout and stderr as text.
 *
 * @module
 */

/** How {@linkcode runCommand} runs the program. */
export interface RunOptions {
  /** Text written to its stdin (none: stdin is closed). */
  readonly stdin?: string;
  readonly cwd?: string;
  readonly env?: Record<string, string>;
  /** Only `env` (with PATH if given there) is its environment. */
  readonly clearEnv?: boolean;
}

/** How the program ended, and what it printed. */
export interface RunResult {
  readonly code: number;
  readonly success: boolean;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `cmd` with `args` to its end. */
export async function runCommand(
  cmd: string,
  args: readonly string[],
  options: RunOptions = {},
): Promise<RunResult> {
  const child = new Deno.Command(cmd, {
    args: [...args],
    cwd: options.cwd,
    env: options.env,
    clearEnv: options.clearEnv,
    stdin: options.stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  if (options.stdin !== undefined) {
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(options.stdin));
    await writer.close();
  }
  const out = await child.output();
  const decode = (b: Uint8Array) => new TextDecoder().decode(b);
  return {
    code: out.code,
    success: out.success,
    stdout: decode(out.stdout),
    stderr: decode(out.stderr),
  };
}
