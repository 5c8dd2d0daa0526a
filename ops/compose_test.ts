/**
 * compose.yaml, checked without a Docker engine: Debian's `docker-compose config` validates and
 * resolves it with `.env.example`, then the resolved file is checked for what `config` does not
 * see: every mounted file exists in the repository, every address a service dials is a port its
 * peer listens on (from the peer's own configuration: PgBouncer's ini, Kopek's KOPEK_PORT, the
 * postgres and valkey commands, Traefik's entrypoints), every service declares exactly those ports
 * with `expose`, Kopek's services and the data services have health checks that are waited on,
 * only Traefik publishes a port beyond 127.0.0.1, and no Kopek secret is in plain environment
 * (each is a `_FILE` naming a Docker secret the service mounts). The checks are pure functions of the
 * resolved file, so the tests below also break it on purpose and see each check fail.
 *
 * @module
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ConfigFields, SECRET_VARIABLES } from "@kopek/platform";
import { runCommand } from "@kopek/platform/testing";

const ROOT = fileURLToPath(new URL("..", import.meta.url)).replace(/\/$/, "");
const DOCKER_COMPOSE = "docker-compose";

// deno-lint-ignore no-explicit-any
type Service = Record<string, any>;
type Compose = { services: Record<string, Service>; secrets?: Record<string, { file?: string }> };

/** The data services: each must have a health check. */
const DATA_SERVICES = ["postgres", "postgres-replica", "pgbouncer", "valkey"];
/** Host paths outside the repository a service may mount. */
const HOST_MOUNTS = new Set(["/var/run/docker.sock"]);
/** Third-party images that listen on a fixed port of their own. */
const IMAGE_PORTS: Record<string, number[]> = {
  "grafana/loki": [3100],
  "grafana/grafana": [3000],
};

function envOf(service: Service): Record<string, string> {
  return (service.environment ?? {}) as Record<string, string>;
}

function argv(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value.map(String) : [String(value)];
}

/** The host file a service mounts at `target`, if any. */
function mountedFile(service: Service, target: string): string | undefined {
  for (const volume of service.volumes ?? []) {
    const [source, dest] = String(volume).split(":");
    if (dest === target && source.startsWith("/")) return source;
  }
  return undefined;
}

function isKopekImage(service: Service): boolean {
  return String(service.build?.dockerfile ?? "").endsWith("deno.Dockerfile");
}

/** A file's text, or "" when it cannot be read (a missing file is reported on its own). */
function readOrEmpty(readFile: (path: string) => string, path: string): string {
  try {
    return readFile(path);
  } catch {
    return "";
  }
}

/** What a service listens on, read from its own configuration (not from `expose`). */
export function listenPorts(
  name: string,
  service: Service,
  readFile: (path: string) => string,
): number[] | string {
  const image = String(service.image ?? "");
  const env = envOf(service);
  if (isKopekImage(service)) {
    const task = argv(service.command).join(" ");
    const port = ConfigFields.KOPEK_PORT.parse(env.KOPEK_PORT);
    if (/serve:(command-api|query-api|projector|rates|imports|scheduler|notifier)\b/.test(task)) {
      return [port];
    }
    // Polling or webhook, the bot listens on KOPEK_BOT_PORT (its /healthz, /readyz, /metrics).
    if (/serve:bot\b/.test(task)) return [Number(env.KOPEK_BOT_PORT ?? 8090)];
    if (/task migrate\b/.test(task)) return [];
    return `${name}: a Kopek task this test does not know (${task})`;
  }
  if (image.startsWith("postgres:")) {
    // The primary's command or the replica's entrypoint script; `-c port=` would move it.
    const scripts = (service.volumes ?? []).flatMap((volume: string) => {
      const source = String(volume).split(":")[0];
      return source.endsWith(".sh") && !/initdb\.d/.test(String(volume)) ? [source] : [];
    });
    if (scripts.some((path: string) => path.endsWith("/backup.sh"))) return [];
    const text = [...argv(service.entrypoint), ...argv(service.command)]
      .concat(scripts.map((path: string) => readOrEmpty(readFile, path)))
      .join(" ");
    const port = text.match(/-c\s+port=(\d+)/);
    return [port ? Number(port[1]) : 5432];
  }
  if (image.startsWith("edoburu/pgbouncer:")) {
    const ini = mountedFile(service, "/kopek/pgbouncer.ini");
    if (!ini) return `${name}: no ini mounted at /kopek/pgbouncer.ini`;
    const port = readFile(ini).match(/^\s*listen_port\s*=\s*(\d+)/m);
    return [port ? Number(port[1]) : 6432];
  }
  if (image.startsWith("valkey/valkey:")) {
    const args = argv(service.command);
    const at = args.indexOf("--port");
    return [at >= 0 ? Number(args[at + 1]) : 6379];
  }
  if (image.startsWith("traefik:")) {
    const ports = argv(service.command).flatMap((arg) => {
      const m = arg.match(/^--entrypoints\.([\w-]+)\.address=:(\d+)/);
      return m ? [{ name: m[1], port: Number(m[2]) }] : [];
    });
    // --ping (or --api) on its default entrypoint `traefik`, :8080, unless that one is declared.
    const pinged = argv(service.command).some((a) => /^--(ping|api)(=true)?$/.test(a));
    if (pinged && !ports.some((p) => p.name === "traefik")) {
      ports.push({ name: "traefik", port: 8080 });
    }
    return ports.map((p) => p.port);
  }
  if (service.build) {
    // A Caddy image: the Caddyfile its Dockerfile copies says where it listens.
    const dockerfile = readFile(
      join(service.build.context, service.build.dockerfile ?? "Dockerfile"),
    );
    const copied = dockerfile.match(/^COPY\s+(\S*Caddyfile)\s+\/etc\/caddy\/Caddyfile\s*$/m);
    if (copied) {
      const caddy = readFile(join(service.build.context, copied[1]));
      return [...caddy.matchAll(/^:(\d+)\s*\{/gm)].map((m) => Number(m[1]));
    }
  }
  if (image.startsWith("prom/prometheus:")) {
    const flag = argv(service.command).find((a) => a.startsWith("--web.listen-address="));
    const port = flag?.match(/:(\d+)$/);
    return [port ? Number(port[1]) : 9090];
  }
  if (image.startsWith("grafana/promtail:")) {
    const config = mountedFile(service, "/etc/promtail/promtail.yaml");
    const port = config ? readOrEmpty(readFile, config).match(/http_listen_port:\s*(\d+)/) : null;
    return port ? [Number(port[1])] : `${name}: no http_listen_port in its mounted promtail.yaml`;
  }
  const known = Object.entries(IMAGE_PORTS).find(([prefix]) => image.startsWith(`${prefix}:`));
  if (known) return known[1];
  return `${name}: no known way to tell what ${image} listens on (add it to this test)`;
}

/** Every `host:port` a service dials: its URLs, libpq variables, scripts and mounted files. */
export function dials(
  service: Service,
  readFile: (path: string) => string,
): { host: string; port: number; where: string }[] {
  const found: { host: string; port: number; where: string }[] = [];
  const scan = (text: string, where: string) => {
    for (const m of text.matchAll(/[a-z]+:\/\/(?:[^@/\s'"]*@)?([a-z][a-z0-9-]*):(\d+)/g)) {
      found.push({ host: m[1], port: Number(m[2]), where });
    }
    for (const m of text.matchAll(/-h\s+([a-z][a-z0-9-]*)\s+-p\s+(\d+)/g)) {
      found.push({ host: m[1], port: Number(m[2]), where });
    }
    for (const m of text.matchAll(/\[\s*'([a-z][a-z0-9-]*)',\s*(\d+)\s*\]/g)) {
      found.push({ host: m[1], port: Number(m[2]), where });
    }
    for (const m of text.matchAll(/\bhost=([a-z][a-z0-9-]*)\s+port=(\d+)/g)) {
      found.push({ host: m[1], port: Number(m[2]), where });
    }
    for (const target of scrapeTargets(text)) found.push({ ...target, where });
  };
  const env = envOf(service);
  for (const [key, value] of Object.entries(env)) scan(String(value), `environment ${key}`);
  if (env.PGHOST) {
    found.push({ host: env.PGHOST, port: Number(env.PGPORT ?? 5432), where: "PGHOST/PGPORT" });
  }
  scan([...argv(service.entrypoint), ...argv(service.command)].join("\n"), "entrypoint/command");
  scan(argv(service.healthcheck?.test).join(" "), "healthcheck");
  for (const volume of service.volumes ?? []) {
    const source = String(volume).split(":")[0];
    if (!source.startsWith("/") || HOST_MOUNTS.has(source)) continue;
    scan(readOrEmpty(readFile, source), source);
  }
  return found;
}

/** Where compose mounts a service's secrets. */
const SECRETS_MOUNT = "/run/secrets";

/**
 * Kopek's secrets in a service's plain environment: a secret variable (platform/config.ts's
 * SECRET_VARIABLES, or a KOPEK_ name that says PASSWORD, SECRET, TOKEN or API_KEY) set instead
 * of its `_FILE`, a URL with a password in it, or a `_FILE` that names no secret the service
 * mounts (ADR 0035).
 */
export function plainSecrets(compose: Compose): string[] {
  const problems: string[] = [];
  for (const [name, service] of Object.entries(compose.services)) {
    const mounted = new Set(
      (service.secrets ?? []).map((s: string | { source: string; target?: string }) =>
        typeof s === "string" ? s : s.target ?? s.source
      ),
    );
    for (const [key, value] of Object.entries(envOf(service))) {
      if (!key.startsWith("KOPEK_")) continue;
      const file = key.endsWith("_FILE");
      const variable = file ? key.slice(0, -"_FILE".length) : key;
      const secret = SECRET_VARIABLES.includes(variable) ||
        /PASSWORD|SECRET|TOKEN|API_KEY/.test(variable);
      if (!file) {
        const url = String(value).match(/^[a-z]+:\/\/([^/@\s]*)@/);
        if (url?.[1].includes(":")) {
          problems.push(`${name}: ${key} has a password in its URL: use the password's _FILE`);
        } else if (secret && !/^[a-z]+:\/\//.test(String(value))) {
          // A URL without a password is configuration; anything else a secret variable holds is not.
          problems.push(`${name}: ${key} is a secret in plain environment: use ${key}_FILE`);
        }
        continue;
      }
      const path = String(value);
      const secretName = path.startsWith(`${SECRETS_MOUNT}/`)
        ? path.slice(SECRETS_MOUNT.length + 1)
        : undefined;
      if (!secretName || !mounted.has(secretName)) {
        problems.push(`${name}: ${key}=${path} is not a secret it mounts at ${SECRETS_MOUNT}`);
      } else if (!compose.secrets?.[secretName]) {
        problems.push(`${name}: ${key} names secret ${secretName}, which is not declared`);
      }
    }
  }
  return problems;
}

/**
 * The targets of a Prometheus configuration, as this repository writes it: `dns_sd_configs`
 * entries `names: [...]` followed by their `port:`, and `targets: ["host:port", ...]`, each with
 * the job it belongs to. Empty for any other file.
 */
export function scrapeTargets(text: string): { host: string; port: number; job: string }[] {
  const found: { host: string; port: number; job: string }[] = [];
  for (const block of text.split(/^\s*- job_name:\s*/m).slice(1)) {
    const job = block.match(/^["']?([\w-]+)/)?.[1] ?? "?";
    for (const m of block.matchAll(/names:\s*\[([^\]]*)\][^]*?\bport:\s*(\d+)/g)) {
      for (const name of m[1].split(",")) {
        const host = name.trim().replace(/^["']|["']$/g, "");
        if (host) found.push({ host, port: Number(m[2]), job });
      }
    }
    for (const m of block.matchAll(/targets:\s*\[([^\]]*)\]/g)) {
      for (const target of m[1].split(",")) {
        const hostPort = target.trim().replace(/^["']|["']$/g, "").match(/^([\w.-]+):(\d+)$/);
        if (hostPort) found.push({ host: hostPort[1], port: Number(hostPort[2]), job });
      }
    }
  }
  return found;
}

/** Everything wrong with a resolved compose file; empty when it would run as documented. */
export function composeProblems(
  compose: Compose,
  options: { root: string; readFile: (path: string) => string; exists: (path: string) => boolean },
): string[] {
  const problems: string[] = [];
  const { services } = compose;
  const listening = new Map<string, number[]>();
  for (const [name, service] of Object.entries(services)) {
    const ports = listenPorts(name, service, options.readFile);
    if (typeof ports === "string") {
      problems.push(ports);
      continue;
    }
    listening.set(name, ports);
    const exposed = argv(service.expose).map(Number).sort();
    if (JSON.stringify(exposed) !== JSON.stringify([...ports].sort())) {
      problems.push(`${name}: expose [${exposed}] but it listens on [${ports}]`);
    }
  }

  for (const [name, service] of Object.entries(services)) {
    // Addresses dialled, here and in the files it mounts.
    for (const dial of dials(service, options.readFile)) {
      const peer = dial.host === "127.0.0.1" || dial.host === "localhost" ? name : dial.host;
      if (!(peer in services)) continue; // a public address, not a service of this file
      const ports = listening.get(peer) ?? [];
      if (!ports.includes(dial.port)) {
        problems.push(
          `${name} dials ${dial.host}:${dial.port} (${dial.where}), but ${peer} listens on [${ports}]`,
        );
      }
    }
    for (const label of argv(service.labels)) {
      const m = label.match(/^traefik\.http\.services\.[\w-]+\.loadbalancer\.server\.port=(\d+)$/);
      if (m && !(listening.get(name) ?? []).includes(Number(m[1]))) {
        problems.push(
          `${name}: Traefik is sent to port ${m[1]}, it listens on [${listening.get(name)}]`,
        );
      }
    }

    // Mounted files and build contexts exist, in the repository.
    for (const volume of service.volumes ?? []) {
      const source = String(volume).split(":")[0];
      if (!source.startsWith("/") || HOST_MOUNTS.has(source)) continue;
      if (!source.startsWith(`${options.root}/`)) {
        problems.push(`${name} mounts ${source}, outside the repository`);
      } else if (!options.exists(source)) {
        problems.push(`${name} mounts ${source}, which does not exist`);
      }
    }
    if (service.build) {
      const dockerfile = join(service.build.context, service.build.dockerfile ?? "Dockerfile");
      if (!options.exists(dockerfile)) problems.push(`${name}: no ${dockerfile}`);
    }

    // Health checks where they matter, and waited on.
    const kopek = isKopekImage(service) || Boolean(service.build);
    const oneShot = service.restart === "no";
    const hasCheck = service.healthcheck && !service.healthcheck.disable &&
      service.healthcheck.test;
    if ((kopek && !oneShot || DATA_SERVICES.includes(name)) && !hasCheck) {
      problems.push(`${name}: no health check`);
    }
    for (const [dependency, how] of Object.entries(service.depends_on ?? {})) {
      const peer = services[dependency];
      if (!peer) continue;
      const peerChecked = peer.healthcheck && !peer.healthcheck.disable && peer.healthcheck.test;
      const condition = (how as { condition?: string }).condition;
      const oneShot = peer.restart === "no" && condition === "service_completed_successfully";
      if (peerChecked && condition !== "service_healthy" && !oneShot) {
        problems.push(`${name} depends on ${dependency} with ${condition}, not service_healthy`);
      }
    }

    // Only the edge publishes beyond the loopback.
    for (const port of service.ports ?? []) {
      const { hostIp, target } = typeof port === "string"
        ? parsePortString(port)
        : { hostIp: port.host_ip ?? "", target: Number(port.target) };
      const loopback = hostIp === "127.0.0.1" || hostIp === "::1";
      const edge = name === "traefik" && (target === 80 || target === 443);
      if (!loopback && !edge) {
        problems.push(`${name} publishes ${target} on ${hostIp || "every address"}`);
      }
    }
  }

  problems.push(...plainSecrets(compose));

  // Every Kopek service that serves /metrics (on its KOPEK_PORT; the bot's KOPEK_BOT_PORT) is
  // scraped there.
  const scraped = Object.values(services)
    .filter((service) => String(service.image ?? "").startsWith("prom/prometheus:"))
    .flatMap((service) => {
      const config = mountedFile(service, "/etc/prometheus/prometheus.yml");
      return config ? scrapeTargets(readOrEmpty(options.readFile, config)) : [];
    });
  for (const [name, service] of Object.entries(services)) {
    if (!isKopekImage(service)) continue;
    const serves = /serve:(command-api|query-api|projector|rates|imports|bot)\b/;
    if (!serves.test(argv(service.command).join(" "))) continue;
    const port = listening.get(name)?.[0];
    if (!scraped.some((t) => t.host === name && t.port === port)) {
      problems.push(`${name} serves /metrics on ${port}, but no Prometheus job scrapes it`);
    }
  }

  // Secrets are files under secrets/, which git ignores.
  for (const [name, secret] of Object.entries(compose.secrets ?? {})) {
    if (!secret.file?.startsWith(`${options.root}/secrets/`)) {
      problems.push(`secret ${name}: ${secret.file} is not under secrets/`);
    }
  }
  return problems;
}

function parsePortString(port: string): { hostIp: string; target: number } {
  const parts = port.replace(/\/\w+$/, "").split(":");
  return { hostIp: parts.length === 3 ? parts[0] : "", target: Number(parts[parts.length - 1]) };
}

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
