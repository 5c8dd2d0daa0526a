/**
 * How much memory uploads take (ADR 0055; figures in docs/operations.md,
 * "Attachments"): the command API as its own process under its task's flags
 * (`serve:command-api`, the PostgreSQL store) on a fresh database; `--uploads`
 * clients at once each upload a ~10 MiB JPEG (noise, the worst case for the
 * re-encoding) to an expense, `--rounds` times. Prints the process's resident
 * memory (its process tree's, from /proc) before, the peak during, and the
 * growth, with the uploads' statuses and time.
 *
 *     deno run -A command-api/bench/attachments_memory.ts [--uploads 8] [--rounds 2]
 *
 * Not part of `deno task test` (it needs PostgreSQL and takes a minute).
 *
 * @module
 */
import { parseArgs } from "node:util";
import sharp from "sharp";
import { createTestDatabase, freePort } from "@kopek/platform/testing";
import { KopekClient, startTask } from "@kopek/testing";

const { values } = parseArgs({
  options: { uploads: { type: "string", default: "8" }, rounds: { type: "string", default: "2" } },
});
const UPLOADS = Number(values.uploads);
const ROUNDS = Number(values.rounds);
const MIB = 1024 * 1024;

/** Resident kB of a process and its descendants (Linux /proc). */
function treeRssKb(pid: number): number {
  let total = 0;
  try {
    const status = Deno.readTextFileSync(`/proc/${pid}/status`);
    total += Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    for (const task of Deno.readDirSync(`/proc/${pid}/task`)) {
      const children = Deno.readTextFileSync(`/proc/${pid}/task/${task.name}/children`).trim();
      for (const child of children ? children.split(/\s+/) : []) total += treeRssKb(Number(child));
    }
  } catch { /* gone */ }
  return total;
}

/** A JPEG of noise just under 10 MiB. */
async function receipt(): Promise<Uint8Array<ArrayBuffer>> {
  const width = 4000;
  const height = 3000;
  const raw = new Uint8Array(width * height * 3);
  for (let i = 0; i < raw.length; i += 65536) crypto.getRandomValues(raw.subarray(i, i + 65536));
  for (let quality = 90; quality > 10; quality -= 5) {
    const jpeg = await sharp(raw, { raw: { width, height, channels: 3 } }).jpeg({ quality })
      .toBuffer();
    if (jpeg.length <= 10 * MIB) return new Uint8Array(jpeg);
  }
  throw new Error("no JPEG under 10 MiB");
}

await using db = await createTestDatabase("kopek_bench");
const port = freePort();
const base = `http://127.0.0.1:${port}`;
const api = startTask("serve:command-api", {
  KOPEK_DATABASE_URL: db.url,
  KOPEK_JWT_SECRET: "a-bench-secret-that-is-long-enough-1234",
  KOPEK_LOG_LEVEL: "warn",
  KOPEK_RATE_LIMITS: "off",
  KOPEK_PORT: String(port),
});
try {
  await api.ready(base);
  const body = await receipt();
  const { client } = await new KopekClient(base).register("bench@example.com", "Bench");
  const g = await client.post("/v1/groups", { name: "Bench", currency: "EUR" });
  const group = g.body.id as string;
  const member = g.body.memberId as string;
  const pid = api.child.pid;
  // deno-lint-ignore no-console -- a bench prints its figures
  console.log(`body ${(body.length / MIB).toFixed(2)} MiB, ${UPLOADS} at once, ${ROUNDS} rounds`);
  for (let r = 1; r <= ROUNDS; r++) {
    const expenses = await Promise.all(
      Array.from(
        { length: UPLOADS },
        async () =>
          (await client.post(`/v1/groups/${group}/expenses`, {
            description: "Receipt",
            date: "2026-11-20",
            total: { amount: "3.50", currency: "EUR" },
            paidBy: [{ memberId: member, amount: "3.50" }],
            split: { mode: "equal", shares: [{ memberId: member }] },
          })).body.id as string,
      ),
    );
    const before = treeRssKb(pid);
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, treeRssKb(pid))), 20);
    const started = performance.now();
    const statuses = await Promise.all(expenses.map(async (e) => {
      const res = await fetch(
        `${base}/v1/groups/${group}/expenses/${e}/attachments/${crypto.randomUUID()}?name=r.jpg`,
        {
          method: "PUT",
          headers: { authorization: `Bearer ${client.token}`, "content-type": "image/jpeg" },
          body,
        },
      );
      await res.body?.cancel();
      return res.status;
    }));
    clearInterval(sampler);
    peak = Math.max(peak, treeRssKb(pid));
    const counts = Object.entries(
      statuses.reduce<Record<number, number>>((m, s) => ({ ...m, [s]: (m[s] ?? 0) + 1 }), {}),
    ).map(([s, n]) => `${n}×${s}`).join(" ");
    // deno-lint-ignore no-console -- a bench prints its figures
    console.log(
      `round ${r}: ${counts} in ${((performance.now() - started) / 1000).toFixed(1)} s; RSS ` +
        `before ${(before / 1024).toFixed(0)} MiB, peak ${(peak / 1024).toFixed(0)} MiB, growth ${
          ((peak - before) / 1024).toFixed(0)
        } MiB`,
    );
  }
} finally {
  await api.stop();
}
