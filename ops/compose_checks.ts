/**
 * The checks of the resolved compose.yaml (`compose_test.ts`), pure functions of the resolved
 * file: what each service listens on and dials, the secrets in plain environment, Prometheus's
 * scrape targets, and every problem of the file at once.
 *
 * @module
 */
import { join } from "node:path";
import { ConfigFields, SECRET_VARIABLES } from "@kopek/platform";

/** A service of the resolved compose file. */
// deno-lint-ignore no-explicit-any
export type Service = Record<string, any>;
/** The resolved compose file. */
export type Compose = {
  services: Record<string, Service>;
  secrets?: Record<string, { file?: string }>;
};

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
