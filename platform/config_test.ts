import assert from "node:assert/strict";
import { z } from "zod";
import {
  ConfigError,
  ConfigFields,
  loadConfig,
  MAX_SECRET_FILE_BYTES,
  readSecretFile,
  schemaEnv,
  SECRET_VARIABLES,
  ServerConfigFields,
  serverSettings,
} from "./config.ts";

const Schema = z.object({
  KOPEK_CONFIG_TEST_NAME: z.string(),
  KOPEK_CONFIG_TEST_COUNT: z.coerce.number().default(3),
});

Deno.test("schemaEnv reads exactly the schema's variables from the process", () => {
  Deno.env.set("KOPEK_CONFIG_TEST_NAME", "kopek");
  Deno.env.set("KOPEK_CONFIG_TEST_OTHER", "not in the schema");
  try {
    assert.deepEqual(schemaEnv(Schema), {
      KOPEK_CONFIG_TEST_NAME: "kopek",
      KOPEK_CONFIG_TEST_COUNT: undefined,
    });
    assert.deepEqual(loadConfig(Schema), {
      KOPEK_CONFIG_TEST_NAME: "kopek",
      KOPEK_CONFIG_TEST_COUNT: 3,
    });
  } finally {
    Deno.env.delete("KOPEK_CONFIG_TEST_NAME");
    Deno.env.delete("KOPEK_CONFIG_TEST_OTHER");
  }
});

Deno.test("loadConfig reads a given environment instead of the process's", () => {
  assert.deepEqual(
    loadConfig(Schema, {
      KOPEK_CONFIG_TEST_NAME: "given",
      KOPEK_CONFIG_TEST_COUNT: "7",
      OTHER: "x",
    }),
    { KOPEK_CONFIG_TEST_NAME: "given", KOPEK_CONFIG_TEST_COUNT: 7 },
  );
  assert.throws(
    () => loadConfig(Schema, { KOPEK_CONFIG_TEST_NAME: "" }),
    (e) => e instanceof ConfigError && e.problems[0].variable === "KOPEK_CONFIG_TEST_NAME",
  );
});

Deno.test("server settings: seconds to milliseconds, the body timeout never below the headers one", () => {
  const Server = z.object(ServerConfigFields);
  assert.deepEqual(serverSettings(loadConfig(Server, {})), {
    hostname: "0.0.0.0",
    limits: {
      headersTimeoutMs: 10_000,
      requestTimeoutMs: 120_000,
      keepAliveTimeoutMs: 75_000,
      maxConnections: 2_000,
    },
    graceMs: 7_000,
  });
  const short = serverSettings(loadConfig(Server, {
    KOPEK_HTTP_HEADERS_TIMEOUT_SECONDS: "20",
    KOPEK_HTTP_BODY_TIMEOUT_SECONDS: "0.5",
    KOPEK_SHUTDOWN_GRACE_SECONDS: "1.5",
    KOPEK_HOSTNAME: "127.0.0.1",
  }));
  assert.equal(short.hostname, "127.0.0.1");
  assert.equal(short.limits.requestTimeoutMs, 20_000);
  assert.equal(short.graceMs, 1_500);
  for (
    const [variable, value] of [
      ["KOPEK_HTTP_HEADERS_TIMEOUT_SECONDS", "0"],
      ["KOPEK_HTTP_MAX_CONNECTIONS", "1.5"],
      ["KOPEK_SHUTDOWN_GRACE_SECONDS", "61"],
      ["KOPEK_HTTP_IDLE_TIMEOUT_SECONDS", "soon"],
    ]
  ) {
    assert.throws(
      () => loadConfig(Server, { [variable]: value }),
      (e) => e instanceof ConfigError && e.problems[0].variable === variable,
    );
  }
});

const Secrets = z.object({
  KOPEK_JWT_SECRET: z.string().min(32, { error: "must be at least 32 characters" }),
  KOPEK_DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, {
    error: "must be a postgres:// URL",
  })
    .optional(),
  KOPEK_CONFIG_TEST_NAME: z.string().optional(),
});
const JWT = "a-jwt-secret-from-a-file-that-is-long-enough";

/** Runs `fn` with a temporary folder, removed afterwards. */
async function withTempDir(fn: (dir: string) => void | Promise<void>) {
  const dir = await Deno.makeTempDir({ prefix: "kopek-secrets-" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

/** The problems of a configuration that must fail, as `VARIABLE message` lines. */
function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    return e.problems.map((p) => `${p.variable} ${p.message}`);
  }
  throw new Error("the configuration was accepted");
}

Deno.test("a secret given as NAME_FILE is read from the file, its trailing newline trimmed", async () => {
  await withTempDir(async (dir) => {
    await Deno.writeTextFile(`${dir}/jwt`, `${JWT}\n`);
    await Deno.writeTextFile(`${dir}/db`, "postgres://kopek_app:p%40ss@db:5432/kopek\r\n");
    assert.deepEqual(
      loadConfig(Secrets, {
        KOPEK_JWT_SECRET_FILE: `${dir}/jwt`,
        KOPEK_DATABASE_URL_FILE: `${dir}/db`,
      }),
      {
        KOPEK_JWT_SECRET: JWT,
        KOPEK_DATABASE_URL: "postgres://kopek_app:p%40ss@db:5432/kopek",
        KOPEK_CONFIG_TEST_NAME: undefined,
      },
    );
    // Inner whitespace and a file without a newline stay as they are.
    await Deno.writeTextFile(`${dir}/jwt`, ` ${JWT}`);
    assert.equal(
      loadConfig(Secrets, { KOPEK_JWT_SECRET_FILE: `${dir}/jwt` }).KOPEK_JWT_SECRET,
      ` ${JWT}`,
    );
    // An empty NAME_FILE is unset, like an empty NAME.
    assert.equal(
      loadConfig(Secrets, { KOPEK_JWT_SECRET: JWT, KOPEK_JWT_SECRET_FILE: "" }).KOPEK_JWT_SECRET,
      JWT,
    );
  });
});

Deno.test("schemaEnv also reads the NAME_FILE of each secret the schema names, and only those", async () => {
  await withTempDir(async (dir) => {
    await Deno.writeTextFile(`${dir}/jwt`, `${JWT}\n`);
    Deno.env.set("KOPEK_JWT_SECRET_FILE", `${dir}/jwt`);
    Deno.env.set("KOPEK_CONFIG_TEST_NAME_FILE", `${dir}/jwt`);
    try {
      const env = schemaEnv(Secrets);
      assert.equal(env.KOPEK_JWT_SECRET_FILE, `${dir}/jwt`);
      assert.equal("KOPEK_DATABASE_URL_FILE" in env, true);
      assert.equal("KOPEK_CONFIG_TEST_NAME_FILE" in env, false, "not a secret: no _FILE");
      assert.equal(loadConfig(Secrets).KOPEK_JWT_SECRET, JWT);
    } finally {
      Deno.env.delete("KOPEK_JWT_SECRET_FILE");
      Deno.env.delete("KOPEK_CONFIG_TEST_NAME_FILE");
    }
  });
});

Deno.test("NAME and NAME_FILE both set is refused, naming both", async () => {
  await withTempDir(async (dir) => {
    await Deno.writeTextFile(`${dir}/jwt`, JWT);
    assert.deepEqual(
      problemsOf(() =>
        loadConfig(Secrets, { KOPEK_JWT_SECRET: JWT, KOPEK_JWT_SECRET_FILE: `${dir}/jwt` })
      ),
      ["KOPEK_JWT_SECRET_FILE and KOPEK_JWT_SECRET are both set: set one"],
    );
  });
});

Deno.test("a missing, empty, oversized, non-UTF-8 file or a folder is refused, naming the variable and path", async () => {
  await withTempDir(async (dir) => {
    const refused = (path: string) =>
      problemsOf(() => loadConfig(Secrets, { KOPEK_JWT_SECRET_FILE: path }));
    assert.deepEqual(refused(`${dir}/absent`), [
      `KOPEK_JWT_SECRET_FILE cannot read ${dir}/absent: no such file`,
    ]);
    await Deno.writeTextFile(`${dir}/empty`, "\n");
    assert.deepEqual(refused(`${dir}/empty`), [`KOPEK_JWT_SECRET_FILE ${dir}/empty is empty`]);
    await Deno.writeFile(`${dir}/big`, new Uint8Array(MAX_SECRET_FILE_BYTES + 1).fill(0x61));
    assert.deepEqual(refused(`${dir}/big`), [
      `KOPEK_JWT_SECRET_FILE ${dir}/big is larger than ${MAX_SECRET_FILE_BYTES} bytes: not a secret file`,
    ]);
    // Exactly the bound is still a secret.
    await Deno.writeFile(`${dir}/bound`, new Uint8Array(MAX_SECRET_FILE_BYTES).fill(0x61));
    assert.equal(readSecretFile(`${dir}/bound`).length, MAX_SECRET_FILE_BYTES);
    await Deno.writeFile(`${dir}/binary`, new Uint8Array([0xff, 0xfe, 0x00, 0x61]));
    assert.deepEqual(refused(`${dir}/binary`), [
      `KOPEK_JWT_SECRET_FILE ${dir}/binary is not UTF-8 text`,
    ]);
    assert.deepEqual(refused(dir), [`KOPEK_JWT_SECRET_FILE ${dir} is a directory, not a file`]);
  });
});

Deno.test("a file outside the process's --allow-read is refused with the reason", async () => {
  const root = new URL("..", import.meta.url).pathname;
  await withTempDir(async (secrets) => {
    await Deno.writeTextFile(`${secrets}/jwt`, JWT);
    await withTempDir(async (scripts) => {
      const script = `${scripts}/load.ts`;
      await Deno.writeTextFile(
        script,
        `import { ConfigFields, loadConfig } from "${new URL("./config.ts", import.meta.url)}";
         import { z } from "zod";
         try { loadConfig(z.object({ KOPEK_JWT_SECRET: ConfigFields.KOPEK_JWT_SECRET })); }
         catch (e) { console.log((e as Error).message); }`,
      );
      const child = await new Deno.Command(Deno.execPath(), {
        // The sources readable, the secret's folder not.
        args: [
          "run",
          `--config=${root}deno.json`,
          "--no-prompt",
          "--allow-env=KOPEK_*",
          `--allow-read=${root}`,
          script,
        ],
        cwd: root,
        env: { KOPEK_JWT_SECRET_FILE: `${secrets}/jwt` },
      }).output();
      const out = new TextDecoder().decode(child.stdout);
      assert.equal(child.code, 0, new TextDecoder().decode(child.stderr));
      assert.equal(
        out.trim(),
        `invalid configuration: KOPEK_JWT_SECRET_FILE cannot read ${secrets}/jwt: outside the ` +
          `process's --allow-read (the tasks in deno.json allow /run/secrets)`,
      );
    });
  });
});

Deno.test("a bad value from a file names the variable and its file, never the value", async () => {
  await withTempDir(async (dir) => {
    await Deno.writeTextFile(`${dir}/jwt`, "short-secret-value\n");
    await Deno.writeTextFile(`${dir}/db`, "mysql://root:hunter2@db/kopek\n");
    const problems = problemsOf(() =>
      loadConfig(Secrets, {
        KOPEK_JWT_SECRET_FILE: `${dir}/jwt`,
        KOPEK_DATABASE_URL_FILE: `${dir}/db`,
      })
    );
    assert.deepEqual(problems, [
      "KOPEK_JWT_SECRET (from KOPEK_JWT_SECRET_FILE) must be at least 32 characters",
      "KOPEK_DATABASE_URL (from KOPEK_DATABASE_URL_FILE) must be a postgres:// URL",
    ]);
    assert.doesNotMatch(problems.join("\n"), /short-secret-value|hunter2/);
  });
});

Deno.test("every secret-looking variable of ConfigFields is a SECRET_VARIABLE", () => {
  const secretLooking = /SECRET|TOKEN|KEY|PASSWORD|DATABASE_URL|VALKEY_URL/;
  for (const name of Object.keys(ConfigFields)) {
    if (secretLooking.test(name)) assert.ok(SECRET_VARIABLES.includes(name), name);
  }
  for (const name of SECRET_VARIABLES) assert.match(name, /^KOPEK_[A-Z0-9_]+$/);
});

const Db = z.object({ KOPEK_DATABASE_URL: ConfigFields.KOPEK_DATABASE_URL.optional() });

Deno.test("a database URL's password may come on its own, from a file, percent-encoded into the URL", async () => {
  await withTempDir(async (dir) => {
    await Deno.writeTextFile(`${dir}/app`, "p@ss/word:1\n");
    const url = (env: Record<string, string>) => loadConfig(Db, env).KOPEK_DATABASE_URL;
    assert.equal(
      url({
        KOPEK_DATABASE_URL: "postgres://kopek_app@pgbouncer:6432/kopek?prepare=false",
        KOPEK_DATABASE_PASSWORD_FILE: `${dir}/app`,
      }),
      "postgres://kopek_app:p%40ss%2Fword%3A1@pgbouncer:6432/kopek?prepare=false",
    );
    assert.equal(
      url({
        KOPEK_DATABASE_URL: "postgresql://kopek_app@db/kopek",
        KOPEK_DATABASE_PASSWORD: "x y",
      }),
      "postgresql://kopek_app:x%20y@db/kopek",
    );
    const refused = (env: Record<string, string>) => problemsOf(() => loadConfig(Db, env));
    assert.deepEqual(refused({ KOPEK_DATABASE_PASSWORD_FILE: `${dir}/app` }), [
      "KOPEK_DATABASE_PASSWORD is set without KOPEK_DATABASE_URL",
    ]);
    assert.deepEqual(
      refused({ KOPEK_DATABASE_URL: "postgres://db/kopek", KOPEK_DATABASE_PASSWORD: "x" }),
      [
        "KOPEK_DATABASE_URL must name its role (postgres://ROLE@host/db) with KOPEK_DATABASE_PASSWORD",
      ],
    );
    assert.deepEqual(
      refused({ KOPEK_DATABASE_URL: "postgres://a:b@db/kopek", KOPEK_DATABASE_PASSWORD: "x" }),
      ["KOPEK_DATABASE_PASSWORD is set and KOPEK_DATABASE_URL has a password too: set one"],
    );
    assert.deepEqual(
      refused({
        KOPEK_DATABASE_URL: "postgres://a@db/kopek",
        KOPEK_DATABASE_PASSWORD: "x",
        KOPEK_DATABASE_PASSWORD_FILE: `${dir}/app`,
      }),
      ["KOPEK_DATABASE_PASSWORD_FILE and KOPEK_DATABASE_PASSWORD are both set: set one"],
    );
    // A schema without the URL does not read its password.
    assert.deepEqual(
      loadConfig(z.object({ KOPEK_CONFIG_TEST_NAME: z.string().optional() }), {
        KOPEK_DATABASE_PASSWORD: "x",
      }),
      { KOPEK_CONFIG_TEST_NAME: undefined },
    );
  });
});

Deno.test("a URL with its password from a file still connects (the test server trusts; postgres.js decodes it)", async () => {
  // The password is only checked by a server that asks for one; the URL must still parse and connect.
  const { connect } = await import("./db.ts");
  const base = Deno.env.get("KOPEK_TEST_DATABASE_URL") ??
    "postgres://postgres@127.0.0.1:5432/postgres";
  await withTempDir(async (dir) => {
    await Deno.writeTextFile(`${dir}/pw`, "p@ss/word:1\n");
    const { KOPEK_DATABASE_URL } = loadConfig(Db, {
      KOPEK_DATABASE_URL: base.replace(/^(postgres(?:ql)?:\/\/[^:@/]+)(:[^@]*)?@/, "$1@"),
      KOPEK_DATABASE_PASSWORD_FILE: `${dir}/pw`,
    });
    const sql = connect(KOPEK_DATABASE_URL!, { max: 1 });
    try {
      const [row] = await sql`SELECT 1 AS one`;
      assert.equal(row.one, 1);
    } finally {
      await sql.end({ timeout: 5 });
    }
  });
});
