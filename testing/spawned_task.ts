/**
 * A task of deno.json spawned as its own process by a test
 * ({@linkcode spawnTask}), its stdout and stderr collected as they come, to
 * wait on a log line, on `/readyz`, or on its exit.
 *
 * @module
 */
import assert from "node:assert/strict";
import { waitReady } from "./client.ts";
import { spawnTask } from "./task_command.ts";

/** A spawned task whose stdout and stderr are collected as they come. */
export class SpawnedTask {
  text = "";
  readonly #done: Promise<Deno.CommandStatus>;

  constructor(readonly name: string, readonly child: Deno.ChildProcess) {
    const collect = async (stream: ReadableStream<Uint8Array>) => {
      for await (const chunk of stream.pipeThrough(new TextDecoderStream())) this.text += chunk;
    };
    const streams = Promise.all([collect(child.stdout), collect(child.stderr)]);
    this.#done = child.status.then(async (status) => {
      await streams;
      return status;
    });
  }

  /** Resolves when the output matches `pattern`; fails if the process exits first. */
  async waitFor(pattern: RegExp, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let exited = false;
    this.#done.then(() => exited = true);
    while (!pattern.test(this.text)) {
      if (exited) assert.fail(`${this.name} exited before ${pattern}:\n${this.text}`);
      if (Date.now() > deadline) assert.fail(`${this.name}: no ${pattern}:\n${this.text}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Resolves when `GET /readyz` answers 200; fails with the output if the process exits first. */
  async ready(base: string, timeoutMs = 60_000): Promise<void> {
    let exited = false;
    this.#done.then(() => exited = true);
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (exited) assert.fail(`${this.name} exited before it was ready:\n${this.text}`);
      try {
        await waitReady(base, 500);
        return;
      } catch {
        // not ready yet
      }
    }
    assert.fail(`${this.name}: ${base}/readyz not 200 within ${timeoutMs} ms:\n${this.text}`);
  }

  /** Sends SIGTERM and waits for the exit. */
  async stop(): Promise<Deno.CommandStatus> {
    try {
      this.child.kill("SIGTERM");
    } catch {
      // already gone
    }
    return await this.#done;
  }

  /** Waits for the exit (a command that ends by itself). */
  finished(): Promise<Deno.CommandStatus> {
    return this.#done;
  }

  /** Last resort in `finally`. */
  kill() {
    try {
      this.child.kill("SIGKILL");
    } catch {
      // already gone
    }
  }
}

/** Spawns task `name` (see {@linkcode spawnTask}) and collects its output. */
export function startTask(
  task: string,
  env: Record<string, string>,
  extraArgs: string[] = [],
  options: { extraFlags?: readonly string[] } = {},
): SpawnedTask {
  return new SpawnedTask(task, spawnTask(task, env, { extraArgs, ...options }));
}
