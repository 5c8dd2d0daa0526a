/**
 * A real SMTP server for tests (ADR 0060): Debian's OpenSMTPD (`smtpd`,
 * installed by `.ci/run`), started in the foreground on a free port of
 * 127.0.0.1 with a configuration of its own that delivers every recipient
 * to one maildir in a temporary folder; the test reads the delivered files
 * and parses them with `mailparser`.
 * Imported as `@kopek/testing/smtp` (not from the kit's main module: `mailparser` loads
 * Node's deprecated `punycode`, which warns). OpenSMTPD keeps one queue and one
 * control socket per machine, so test processes take turns (a file lock).
 *
 * @module
 */
import { type ParsedMail, simpleParser } from "mailparser";

/** A running (or stopped) OpenSMTPD of a test. */
export interface SmtpServer extends AsyncDisposable {
  /** `smtp://127.0.0.1:PORT`. */
  readonly url: string;
  readonly port: number;
  /** The maildir's folder. */
  readonly maildir: string;
  /** Starts it (again) on the same port; resolves when it accepts connections. */
  start(): Promise<void>;
  /** Stops it (mails already delivered stay). */
  stop(): Promise<void>;
  /** Every delivered mail, parsed, oldest first. */
  messages(): Promise<ParsedMail[]>;
  /** Waits (bounded) until a delivered mail passes `test`; answers it. */
  waitFor(test: (mail: ParsedMail) => boolean, timeoutMs?: number): Promise<ParsedMail>;
}

const LOCK_FILE = "/tmp/kopek-test-smtpd.lock";

function freePort(): number {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close();
  return port;
}

async function uidOf(user: string): Promise<number> {
  const out = await new Deno.Command("id", { args: ["-u", user], stdout: "piped" }).output();
  return Number(new TextDecoder().decode(out.stdout).trim());
}

async function accepts(port: number): Promise<boolean> {
  try {
    const conn = await Deno.connect({ hostname: "127.0.0.1", port });
    conn.close();
    return true;
  } catch {
    return false;
  }
}

/** Whether OpenSMTPD is installed (tests skip themselves without it, outside CI). */
export function smtpdInstalled(): boolean {
  try {
    return Deno.statSync("/usr/sbin/smtpd").isFile;
  } catch {
    return false;
  }
}

/** Starts OpenSMTPD delivering to a new maildir; `using` it stops it and removes the folder. */
export async function startSmtpServer(): Promise<SmtpServer> {
  const lock = await Deno.open(LOCK_FILE, { create: true, write: true });
  await lock.lock(true);
  const dir = await Deno.makeTempDir({ prefix: "kopek-smtpd-" });
  // OpenSMTPD delivers as an unprivileged user (never root): the folder is theirs.
  await Deno.chmod(dir, 0o755);
  const maildir = `${dir}/maildir`;
  await Deno.mkdir(maildir);
  await Deno.chown(maildir, await uidOf("nobody"), null);
  const port = freePort();
  const config = `${dir}/smtpd.conf`;
  await Deno.writeTextFile(
    config,
    [
      'table catchall { "@" = "nobody" }',
      `listen on 127.0.0.1 port ${port}`,
      `action "deliver" maildir "${maildir}" virtual <catchall>`,
      'match from any for any action "deliver"',
      "",
    ].join("\n"),
  );
  let child: Deno.ChildProcess | null = null;

  async function start() {
    if (child) return;
    const log = await Deno.open(`${dir}/smtpd.log`, { create: true, append: true });
    child = new Deno.Command("/usr/sbin/smtpd", {
      args: ["-d", "-f", config],
      stdin: "null",
      stdout: "null",
      stderr: "piped",
    }).spawn();
    child.stderr.pipeTo(log.writable).catch(() => {});
    const deadline = Date.now() + 30_000;
    while (!(await accepts(port))) {
      if (Date.now() > deadline) {
        throw new Error(
          `smtpd did not listen on ${port}: ${await Deno.readTextFile(`${dir}/smtpd.log`)}`,
        );
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async function stop() {
    if (!child) return;
    const running = child;
    child = null;
    running.kill("SIGTERM");
    await running.status;
    // Its control socket goes with it; wait until the port is closed too.
    while (await accepts(port)) await new Promise((r) => setTimeout(r, 50));
  }

  async function messages(): Promise<ParsedMail[]> {
    const files: { name: string; path: string }[] = [];
    for (const sub of ["new", "cur"]) {
      try {
        for await (const e of Deno.readDir(`${maildir}/${sub}`)) {
          if (e.isFile) files.push({ name: e.name, path: `${maildir}/${sub}/${e.name}` });
        }
      } catch (e) {
        if (!(e instanceof Deno.errors.NotFound)) throw e;
      }
    }
    // Maildir names start with the delivery's seconds: oldest first, roughly.
    files.sort((a, b) => a.name.localeCompare(b.name));
    return await Promise.all(files.map(async (f) => simpleParser(await Deno.readTextFile(f.path))));
  }

  await start();
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    maildir,
    start,
    stop,
    messages,
    async waitFor(test, timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = (await messages()).find(test);
        if (found) return found;
        if (Date.now() > deadline) throw new Error("no such mail delivered in time");
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async [Symbol.asyncDispose]() {
      await stop();
      await Deno.remove(dir, { recursive: true }).catch(() => {});
      await lock.unlock();
      lock.close();
    },
  };
}
