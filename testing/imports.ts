/**
 * The import flow of the API for tests: `POST /v1/imports` answers 202 with
 * the job's id and `Location`; the job is then polled (`GET /v1/imports/{id}`)
 * until it has ended.
 *
 * @module
 */
import type { Answer, KopekClient } from "./client.ts";

/** The statuses in which a job has ended. */
export const ENDED = ["done", "refused", "failed"] as const;

/**
 * Polls a job until it has ended (a generous bound: tests run on two busy
 * cores); answers its last `GET`, and every status seen on the way.
 */
export async function awaitImport(
  client: KopekClient,
  id: string,
  options: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<Answer & { seen: string[] }> {
  const deadline = Date.now() + (options.timeoutMs ?? 180_000);
  const seen: string[] = [];
  for (;;) {
    const a = await client.get(`/v1/imports/${id}`);
    if (a.status !== 200) {
      throw new Error(`GET /v1/imports/${id}: ${a.status} ${JSON.stringify(a.body)}`);
    }
    if (seen.at(-1) !== a.body.status) seen.push(a.body.status);
    if ((ENDED as readonly string[]).includes(a.body.status)) return Object.assign(a, { seen });
    if (Date.now() > deadline) throw new Error(`import ${id} still ${a.body.status}`);
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 50));
  }
}

/**
 * Posts a dump (or a spreadsheet export, with its `query`), checks the 202 (`{ id, status: "queued" }`, `Location`), and
 * waits for the job's end; answers the job (`status`, `groups`, `position`,
 * `problem`). A POST refused at once (401, 413, 415, 429) throws.
 */
export async function importDump(
  client: KopekClient,
  dump: string,
  headers: Record<string, string> = { "content-type": "application/sql" },
  query = "",
): Promise<Record<string, unknown> & { status: string }> {
  const queued = await client.request("POST", `/v1/imports${query}`, dump, headers);
  if (queued.status !== 202) {
    throw new Error(`POST /v1/imports: ${queued.status} ${JSON.stringify(queued.body)}`);
  }
  const id = queued.body.id as string;
  if (queued.body.status !== "queued" || queued.headers.get("location") !== `/v1/imports/${id}`) {
    throw new Error(`POST /v1/imports: not a queued job ${JSON.stringify(queued.body)}`);
  }
  return (await awaitImport(client, id)).body as Record<string, unknown> & { status: string };
}
