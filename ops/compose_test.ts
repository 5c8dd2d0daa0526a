/**
 * compose.yaml, checked without a Docker engine: Debian's `docker-compose config` validates and
 * resolves it with `.env.example`, then the resolved file is checked for what `config` does not
 * see: every mounted file exists in the repository, every address a service dials is a port its
 * peer listens on (from the peer's own configuration: PgBouncer's ini, Kopek's KOPEK_PORT, the
 * postgres and valkey commands, Traefik's entrypoints), every service declares exactly those ports
 * with `expose`, Kopek's services and the data services have health checks that are waited on,
 * only Traefik publishes a port beyond 127.0.0.1, and no Kopek secret is in plain environment
 * (each is a `_FILE` naming a Docker secret the service mounts). The checks (`compose_checks.ts`)
 * are pure functions of the resolved file, so the tests below also break it on purpose and see
 * each check fail.
 *
 * @module
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { runCommand } from "@kopek/platform/testing";
import { type Compose, composeProblems, plainSecrets } from "./compose_checks.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url)).replace(/\/$/, "");
const DOCKER_COMPOSE = "docker-compose";

/** The variables of an env file, in order. */
function envFile(text: string): Map<string, string> {
  const vars = new Map<string, string>();
  for (const line of text.split("\n")) {
    const m = line.match(/^([A-Z][A-Z0-9_]*)=(.*)$/);
    if (m) vars.set(m[1], m[2]);
  }
  return vars;
}

async function run(
  cmd: string,
  args: string[],
  env: Record<string, string>,
  stdin?: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return await runCommand(cmd, args, {
    cwd: ROOT,
    env: { PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin", ...env },
    clearEnv: true,
    stdin,
  });
}

async function hasDockerCompose(): Promise<boolean> {
  try {
    return (await run(DOCKER_COMPOSE, ["version"], {})).code === 0;
  } catch {
    return false;
  }
}

const available = await hasDockerCompose();
if (!available) {
  // deno-lint-ignore no-console -- why the tests below are ignored
  console.warn(
    "ops/compose_test.ts: docker-compose not found, compose.yaml checks skipped (CI installs it: apt-get install docker-compose)",
  );
}

const ENV_EXAMPLE = envFile(Deno.readTextFileSync(join(ROOT, ".env.example")));
/** Stand-ins for the values .env.example leaves for the operator to fill in. */
const FILLED: Record<string, string> = Object.fromEntries(
  [...ENV_EXAMPLE].filter(([, value]) => value === "").map((
    [key],
  ) => [key, `example-${key.toLowerCase()}`]),
);

/** compose.yaml as `docker-compose config` resolves it with .env.example, as an object. */
async function resolvedCompose(): Promise<Compose> {
  const config = await run(
    DOCKER_COMPOSE,
    ["-f", "compose.yaml", "--env-file", ".env.example", "config"],
    FILLED,
  );
  assert.deepEqual(config.code, 0, config.stderr);
  // Every variable compose reads is in .env.example: else compose warns it defaults to blank.
  assert.ok(!/variable is not set/.test(config.stderr), config.stderr);
  // docker-compose is Python with PyYAML: the same parser turns its output into JSON.
  const json = await run(
    "python3",
    ["-c", "import json, sys, yaml; json.dump(yaml.safe_load(sys.stdin), sys.stdout)"],
    {},
    config.stdout,
  );
  assert.deepEqual(json.code, 0, json.stderr);
  return JSON.parse(json.stdout);
}

const fsOptions = {
  root: ROOT,
  readFile: (path: string) => Deno.readTextFileSync(path),
  exists: (path: string) => {
    try {
      Deno.statSync(path);
      return true;
    } catch {
      return false;
    }
  },
};

Deno.test({
  name: "compose.yaml resolves with .env.example and would run: ports, files, health, exposure",
  ignore: !available,
  async fn() {
    const compose = await resolvedCompose();
    assert.deepEqual(composeProblems(compose, fsOptions), []);
    // The services this deployment is about are all there.
    for (
      const name of [
        "traefik",
        "command-api",
        "query-api",
        "projector",
        "rates",
        "imports",
        "bot",
        "web",
        "postgres",
        "postgres-replica",
        "pgbouncer",
        "valkey",
        "backup",
        "migrate",
      ]
    ) assert.ok(name in compose.services, `no service ${name}`);
  },
});

Deno.test({
  name: ".env.example leaves every secret empty, and compose refuses to start without them",
  ignore: !available,
  async fn() {
    for (const [key, value] of ENV_EXAMPLE) {
      if (/PASSWORD|SECRET|KEY|TOKEN/.test(key)) assert.deepEqual(value, "", `${key} is filled in`);
    }
    const text = Deno.readTextFileSync(join(ROOT, "compose.yaml"));
    for (const m of text.matchAll(/\$\{([A-Z][A-Z0-9_]*)/g)) {
      assert.ok(ENV_EXAMPLE.has(m[1]), `${m[1]} is read by compose.yaml but not in .env.example`);
    }
    const bare = await run(DOCKER_COMPOSE, [
      "-f",
      "compose.yaml",
      "--env-file",
      ".env.example",
      "config",
    ], {});
    assert.ok(bare.code !== 0, "compose.yaml resolved without its required values");
    assert.match(bare.stderr, /Missing mandatory value/);
    for (const path of ["secrets/postgres_password", ".env"]) {
      const ignored = await run("git", ["check-ignore", "-q", path], {});
      assert.deepEqual(ignored.code, 0, `${path} must be git-ignored ${ignored.stderr}`);
    }
  },
});

Deno.test({
  name: "the shell scripts compose.yaml mounts pass shellcheck",
  ignore: !available,
  async fn() {
    const compose = await resolvedCompose();
    const scripts = new Set<string>();
    for (const service of Object.values(compose.services)) {
      for (const volume of service.volumes ?? []) {
        const source = String(volume).split(":")[0];
        if (source.endsWith(".sh")) scripts.add(source);
      }
    }
    assert.ok(scripts.has(join(ROOT, "ops/backup/backup.sh")), [...scripts].join(", "));
    const check = await run("shellcheck", [...scripts], {});
    assert.deepEqual(check.code, 0, check.stdout + check.stderr);
  },
});

Deno.test({
  name: "the compose checks fail on a broken file",
  ignore: !available,
  async fn() {
    const compose = await resolvedCompose();
    const broken = (edit: (c: Compose) => void): string[] => {
      const copy = structuredClone(compose);
      edit(copy);
      return composeProblems(copy, fsOptions);
    };
    // A service dials PgBouncer on the port the image listens on by default, not the ini's.
    const wrongPort = broken((c) => {
      c.services["command-api"].environment.KOPEK_DATABASE_URL =
        "postgres://kopek_app:x@pgbouncer:5432/kopek";
    });
    assert.match(
      wrongPort.join("\n"),
      /command-api dials pgbouncer:5432 .* pgbouncer listens on \[6432\]/,
    );
    // PgBouncer's ini moved to another port: expose and every dialer disagree.
    const moved = composeProblems(compose, {
      ...fsOptions,
      readFile: (path) =>
        path.endsWith("pgbouncer.compose.ini") ? "listen_port = 5432\n" : fsOptions.readFile(path),
    });
    assert.match(moved.join("\n"), /pgbouncer: expose \[6432\] but it listens on \[5432\]/);
    assert.match(moved.join("\n"), /query-api dials pgbouncer:6432/);
    assert.match(
      broken((c) => delete c.services.pgbouncer.healthcheck).join("\n"),
      /pgbouncer: no health check/,
    );
    assert.match(
      broken((c) => c.services.projector.healthcheck = { disable: true }).join("\n"),
      /projector: no health check/,
    );
    assert.match(
      broken((c) => c.services["query-api"].depends_on.valkey = { condition: "service_started" })
        .join("\n"),
      /query-api depends on valkey with service_started/,
    );
    assert.match(
      broken((c) => c.services.grafana.ports = ["3000:3000/tcp"]).join("\n"),
      /grafana publishes 3000 on every address/,
    );
    assert.match(
      broken((c) => c.services.postgres.volumes.push(`${ROOT}/ops/postgres/missing.sh:/x.sh:ro`))
        .join("\n"),
      /postgres mounts .*missing\.sh, which does not exist/,
    );
    assert.match(
      broken((c) => c.services.bot.environment.KOPEK_API_URL = "http://traefik:8080x").join("\n") +
        broken((c) => c.services.bot.environment.KOPEK_API_URL = "http://traefik:9999").join("\n"),
      /bot dials traefik:9999/,
    );
    // Prometheus scrapes a port the service does not listen on, or not at all.
    const scrapes = (edit: (text: string) => string) =>
      composeProblems(compose, {
        ...fsOptions,
        readFile: (path) =>
          path.endsWith("prometheus/prometheus.yml")
            ? edit(fsOptions.readFile(path))
            : fsOptions.readFile(path),
      }).join("\n");
    assert.match(
      scrapes((t) =>
        t.replace(
          /names: \["query-api"\]\n(\s+)type: A\n\s+port: 8080/,
          (m) => m.replace("8080", "9100"),
        )
      ),
      /prometheus dials query-api:9100 .* query-api listens on \[8080\][^]*query-api serves \/metrics on 8080, but no Prometheus job scrapes it/,
    );
    assert.match(
      scrapes((t) => t.replace(/names: \["projector"\]/, 'names: ["projectr"]')),
      /projector serves \/metrics on 8080, but no Prometheus job scrapes it/,
    );
    assert.match(
      scrapes((t) => t.replace(/names: \["rates"\]/, 'names: ["rate"]')),
      /rates serves \/metrics on 8080, but no Prometheus job scrapes it/,
    );
    assert.match(
      scrapes((t) =>
        t.replace(/names: \["bot"\]\n(\s+)type: A\n\s+port: 8090/, (m) => m.replace("8090", "8080"))
      ),
      /prometheus dials bot:8080 .* bot listens on \[8090\][^]*bot serves \/metrics on 8090, but no Prometheus job scrapes it/,
    );
  },
});

Deno.test({
  name: "the compose checks fail on a Kopek secret in plain environment",
  ignore: !available,
  async fn() {
    const compose = await resolvedCompose();
    assert.deepEqual(plainSecrets(compose), []);
    const broken = (edit: (c: Compose) => void): string => {
      const copy = structuredClone(compose);
      edit(copy);
      return composeProblems(copy, fsOptions).join("\n");
    };
    assert.match(
      broken((c) => c.services["command-api"].environment.KOPEK_JWT_SECRET = "x".repeat(40)),
      /command-api: KOPEK_JWT_SECRET is a secret in plain environment: use KOPEK_JWT_SECRET_FILE/,
    );
    assert.match(
      broken((c) => c.services.bot.environment.KOPEK_TELEGRAM_TOKEN = "1:abc"),
      /bot: KOPEK_TELEGRAM_TOKEN is a secret in plain environment/,
    );
    // A password the compose file's own scripts read (not a Kopek service variable) counts too.
    assert.match(
      broken((c) => c.services.pgbouncer.environment.KOPEK_DB_APP_PASSWORD = "x"),
      /pgbouncer: KOPEK_DB_APP_PASSWORD is a secret in plain environment/,
    );
    assert.match(
      broken((c) =>
        c.services.projector.environment.KOPEK_DATABASE_URL =
          "postgres://kopek_app:hunter2@postgres:5432/kopek"
      ),
      /projector: KOPEK_DATABASE_URL has a password in its URL/,
    );
    // A _FILE must name a secret the service mounts, and one the file declares.
    assert.match(
      broken((c) =>
        c.services.imports.environment.KOPEK_JWT_SECRET_FILE = "/run/secrets/jwt_secret"
      ),
      /imports: KOPEK_JWT_SECRET_FILE=\/run\/secrets\/jwt_secret is not a secret it mounts/,
    );
    assert.match(
      broken((c) => c.services.migrate.environment.KOPEK_JWT_SECRET_FILE = "/etc/kopek/jwt"),
      /migrate: KOPEK_JWT_SECRET_FILE=\/etc\/kopek\/jwt is not a secret it mounts/,
    );
    assert.match(
      broken((c) => delete c.secrets!.jwt_secret),
      /command-api: KOPEK_JWT_SECRET_FILE names secret jwt_secret, which is not declared/,
    );
  },
});
