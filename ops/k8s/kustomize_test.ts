/**
 * ops/k8s builds with `kubectl kustomize` (the base, staging, production and
 * the CloudNativePG example), every object matches the Kubernetes schemas
 * (kubernetes-models, offline), and Kopek's rules hold (policy.ts). The second
 * half breaks a good build in the ways the rules are there for and checks each
 * is caught. Ignored, saying so, where kubectl is not installed.
 */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  build,
  buildPinned,
  findKubectl,
  K8S_DIR,
  type K8sObject,
  KUSTOMIZATIONS,
} from "./manifests.ts";
import { validateSchemas } from "./schemas.ts";
import { checkPolicy, kopekVariables } from "./policy.ts";

const kubectl = await findKubectl();
const ignore = kubectl === undefined;
const suffix = ignore ? " (ignored: kubectl is not on PATH)" : "";

/** Custom resources: no schema in kubernetes-models' core package; policy.ts checks them. */
const CUSTOM = {
  ingressRoute: "traefik.io/v1alpha1/IngressRoute",
  serversTransport: "traefik.io/v1alpha1/ServersTransport",
  cluster: "postgresql.cnpg.io/v1/Cluster",
  scheduledBackup: "postgresql.cnpg.io/v1/ScheduledBackup",
  objectStore: "barmancloud.cnpg.io/v1/ObjectStore",
};

/** Variables only the manifests use: the CloudNativePG component composes URLs from them. */
const MANIFEST_ONLY = new Set(["KOPEK_DB_APP_PASSWORD", "KOPEK_DB_OWNER_PASSWORD"]);

const documented = new Set(
  readFileSync(join(K8S_DIR, "../../README.md"), "utf8").match(/KOPEK_[A-Z0-9_]+/g) ?? [],
);

const builds = new Map<string, K8sObject[]>();
async function built(dir: string): Promise<K8sObject[]> {
  if (!builds.has(dir)) builds.set(dir, await build(kubectl!, dir));
  return structuredClone(builds.get(dir)!);
}

function find(objects: K8sObject[], kind: string, name: string): K8sObject {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  assert.ok(found, `${kind}/${name} is in the build`);
  return found;
}

// deno-lint-ignore no-explicit-any
function container(objects: K8sObject[], kind: string, name: string): any {
  return find(objects, kind, name).spec.template.spec.containers[0];
}

// deno-lint-ignore no-explicit-any
function env(c: any, name: string): any {
  return c.env.find((e: { name: string }) => e.name === name);
}

for (const dir of KUSTOMIZATIONS) {
  Deno.test({
    name: `ops/k8s/${dir}: builds, matches the Kubernetes schemas and Kopek's rules${suffix}`,
    ignore,
    fn: async () => {
      const objects = await built(dir);
      const schemas = validateSchemas(objects);
      assert.deepEqual(schemas.errors, []);
      const custom = dir.includes("cloudnative-pg")
        ? [
          CUSTOM.objectStore,
          CUSTOM.cluster,
          CUSTOM.scheduledBackup,
          CUSTOM.ingressRoute,
          CUSTOM.serversTransport,
        ]
        : [CUSTOM.ingressRoute, CUSTOM.serversTransport];
      assert.deepEqual([...schemas.unvalidated].sort(), custom.sort());
      assert.deepEqual(checkPolicy(objects), []);
      const unknown = [...kopekVariables(objects)].filter((n) =>
        !documented.has(n) && !MANIFEST_ONLY.has(n)
      );
      assert.deepEqual(unknown, [], "every KOPEK_ variable is one the README documents");
      for (const kind of ["Deployment", "Service", "HorizontalPodAutoscaler", "Job"]) {
        assert.ok(objects.some((o) => o.kind === kind), `a ${kind}`);
      }
      const deployments = objects.filter((o) => o.kind === "Deployment").map((o) =>
        o.metadata.name
      );
      assert.deepEqual(deployments.sort(), [
        "bot",
        "command-api",
        "imports",
        "notifier",
        "projector",
        "query-api",
        "rates",
        "scheduler",
        "web",
      ]);
    },
  });
}

Deno.test({
  name: `ops/k8s overlays: the same objects, their own namespace and host${suffix}`,
  ignore,
  fn: async () => {
    const staging = await built("overlays/staging");
    const production = await built("overlays/production");
    const names = (objects: K8sObject[]) =>
      objects.filter((o) => o.kind !== "Namespace")
        .map((o) => `${o.kind}/${o.metadata.name.replace(/-[a-z0-9]{10}$/, "")}`).sort();
    assert.deepEqual(names(staging), names(production));
    for (
      const [objects, namespace, host] of [
        [staging, "kopek-staging", "staging.kopek.example.com"],
        [production, "kopek", "kopek.example.com"],
      ] as const
    ) {
      for (const o of objects.filter((o) => o.kind !== "Namespace")) {
        assert.equal(o.metadata.namespace, namespace, `${o.kind}/${o.metadata.name}`);
      }
      const route = find(objects, "IngressRoute", "kopek");
      for (const r of route.spec.routes) assert.ok(r.match.startsWith(`Host(\`${host}\`)`));
      const config = objects.find((o) => o.kind === "ConfigMap")!;
      assert.equal((config.data as Record<string, string>).KOPEK_PUBLIC_ORIGIN, `https://${host}`);
    }
  },
});

Deno.test({
  name: `ops/k8s overlays: the release's digests reach every container (deploy.sh)${suffix}`,
  ignore,
  fn: async () => {
    const images = [
      { name: "kopek", pinned: `ghcr.io/owner/kopek@sha256:${"1".repeat(64)}` },
      { name: "kopek-web", pinned: `ghcr.io/owner/kopek-web@sha256:${"2".repeat(64)}` },
    ];
    for (const overlay of ["overlays/staging", "overlays/production"]) {
      const objects = await buildPinned(kubectl!, overlay, images);
      const used = objects.flatMap((o) =>
        (o.spec?.template?.spec?.containers ?? []).map((c: { image: string }) => c.image)
      );
      assert.deepEqual(new Set(used), new Set(images.map((i) => i.pinned)), overlay);
      assert.equal(
        used.filter((i) => i === images[1].pinned).length,
        1,
        `${overlay}: only the PWA runs kopek-web`,
      );
    }
  },
});

Deno.test({
  name:
    `ops/k8s CloudNativePG: primary and replica, backups, Kopek on -rw and reports on -ro${suffix}`,
  ignore,
  fn: async () => {
    const objects = await built("examples/cloudnative-pg");
    const cluster = find(objects, "Cluster", "kopek-db");
    assert.ok(cluster.spec.instances >= 2, "a primary and at least one replica");
    assert.equal(cluster.spec.bootstrap.initdb.owner, "kopek");
    const app = cluster.spec.managed.roles.find((r: { name: string }) => r.name === "kopek_app");
    assert.equal(app.passwordSecret.name, "kopek-db-app");
    assert.equal(app.superuser, false);
    const archiver = cluster.spec.plugins.find((p: { isWALArchiver?: boolean }) => p.isWALArchiver);
    find(objects, "ObjectStore", archiver.parameters.barmanObjectName);
    const nightly = find(objects, "ScheduledBackup", "kopek-db-nightly");
    assert.equal(nightly.spec.cluster.name, "kopek-db");
    assert.equal(nightly.spec.pluginConfiguration.name, archiver.name);
    for (
      const name of [
        "command-api",
        "query-api",
        "projector",
        "rates",
        "imports",
        "scheduler",
        "notifier",
      ]
    ) {
      const url = env(container(objects, "Deployment", name), "KOPEK_DATABASE_URL");
      assert.equal(
        url.value,
        "postgres://kopek_app:$(KOPEK_DB_APP_PASSWORD)@kopek-db-rw:5432/kopek",
      );
    }
    const reports = env(
      container(objects, "Deployment", "query-api"),
      "KOPEK_REPORTING_DATABASE_URL",
    );
    assert.match(reports.value, /@kopek-db-ro:5432\/kopek$/);
    const migrate = env(container(objects, "Job", "kopek-migrate"), "KOPEK_MIGRATION_DATABASE_URL");
    assert.match(migrate.value, /^postgres:\/\/kopek:\$\(KOPEK_DB_OWNER_PASSWORD\)@kopek-db-rw:/);
  },
});

/** A good build broken one way, and the violation that must be reported. */
const BREAKAGES: {
  what: string;
  // deno-lint-ignore no-explicit-any
  breakIt: (objects: K8sObject[]) => any;
  expect: RegExp;
  schema?: boolean;
}[] = [
  {
    what: "a probe removed",
    breakIt: (o) => delete container(o, "Deployment", "query-api").readinessProbe,
    expect: /query-api container kopek: serves a port but has no readiness probe/,
  },
  {
    what: "liveness on /readyz (a database outage would restart the projector)",
    breakIt: (o) => container(o, "Deployment", "projector").livenessProbe.httpGet.path = "/readyz",
    expect: /projector container kopek: liveness probe is not GET \/healthz/,
  },
  {
    what: "the rates worker's readiness probe removed (it serves /readyz on KOPEK_PORT)",
    breakIt: (o) => delete container(o, "Deployment", "rates").readinessProbe,
    expect: /rates container kopek: serves a port but has no readiness probe/,
  },
  {
    what: "the bot's liveness probe on /readyz (it serves /healthz on KOPEK_BOT_PORT)",
    breakIt: (o) => container(o, "Deployment", "bot").livenessProbe.httpGet.path = "/readyz",
    expect: /bot container kopek: liveness probe is not GET \/healthz/,
  },
  {
    what: "a literal secret",
    breakIt: (o) => {
      const e = env(container(o, "Deployment", "command-api"), "KOPEK_JWT_SECRET");
      delete e.valueFrom;
      e.value = "a-secret-in-the-manifest-that-is-long-enough";
    },
    expect: /command-api container kopek: KOPEK_JWT_SECRET is a literal/,
  },
  {
    what: "a password in a URL",
    breakIt: (o) => {
      const e = env(container(o, "Deployment", "rates"), "KOPEK_DATABASE_URL");
      delete e.valueFrom;
      e.value = "postgres://kopek_app:hunter2@db:5432/kopek";
    },
    expect: /rates container kopek: KOPEK_DATABASE_URL has a literal password/,
  },
  {
    what: "a reference to a variable defined after it",
    breakIt: (o) => {
      const c = container(o, "Deployment", "imports");
      c.env.unshift({ name: "KOPEK_REPORTING_DATABASE_URL", value: "postgres://a:$(PW)@db/k" });
      c.env.push({ name: "PW", valueFrom: { secretKeyRef: { name: "kopek", key: "pw" } } });
    },
    expect: /refers to \$\(PW\), not defined before it/,
  },
  {
    what: "a container as root",
    breakIt: (o) => {
      const pod = find(o, "Deployment", "web").spec.template.spec;
      pod.securityContext.runAsNonRoot = false;
      pod.securityContext.runAsUser = 0;
    },
    expect: /Deployment\/web container web: not runAsNonRoot/,
  },
  {
    what: "no memory limit",
    breakIt: (o) => delete container(o, "Deployment", "bot").resources.limits.memory,
    expect: /Deployment\/bot container kopek: no memory limits/,
  },
  {
    what: "a Deployment without a disruption budget",
    breakIt: (o) => o.splice(o.findIndex((x) => x.kind === "PodDisruptionBudget"), 1),
    expect: /covered by 0 PDBs/,
  },
  {
    what: "a grace period shorter than the drain",
    breakIt: (o) =>
      find(o, "Deployment", "command-api").spec.template.spec
        .terminationGracePeriodSeconds = 5,
    expect: /command-api: terminationGracePeriodSeconds 5/,
  },
  {
    what: "reads routed to the command API",
    breakIt: (o) => find(o, "IngressRoute", "kopek").spec.routes[0].match = "Host(`x`)",
    expect: /route to command-api lacks PathPrefix/,
  },
  {
    what: "Traefik keeping idle connections longer than Kopek (a request races the close)",
    breakIt: (o) =>
      find(o, "ServersTransport", "kopek").spec.forwardingTimeouts.idleConnTimeout = "90s",
    expect: /command-api without a ServersTransport idle below 75 s/,
  },
  {
    what: "a replica count under an HPA (each apply would reset it)",
    breakIt: (o) => find(o, "Deployment", "command-api").spec.replicas = 3,
    expect: /command-api: sets replicas, which every apply would reset under its HPA/,
  },
  {
    what: "no default deny",
    breakIt: (o) => o.splice(o.findIndex((x) => x.metadata.name === "default-deny"), 1),
    expect: /no default-deny NetworkPolicy/,
  },
  {
    what: "a Secret with its values in the manifests",
    breakIt: (o) =>
      o.push({
        apiVersion: "v1",
        kind: "Secret",
        metadata: { name: "kopek" },
        stringData: { "jwt-secret": "x" },
      }),
    expect: /Secret\/kopek: a Secret in the manifests/,
  },
  {
    what: "a replica count that is not a number",
    breakIt: (o) => find(o, "Deployment", "projector").spec.replicas = "3",
    expect: /Deployment\/projector: .*replicas must be integer/,
    schema: true,
  },
  {
    what: "a port without its number",
    breakIt: (o) => delete find(o, "Service", "web").spec.ports[0].port,
    expect: /Service\/web: .*must have required property '?port'?/,
    schema: true,
  },
];

for (const b of BREAKAGES) {
  Deno.test({
    name: `ops/k8s checks catch ${b.what}${suffix}`,
    ignore,
    fn: async () => {
      const objects = await built("overlays/production");
      b.breakIt(objects);
      const found = b.schema ? validateSchemas(objects).errors : checkPolicy(objects);
      assert.ok(found.some((v) => b.expect.test(v)), `expected ${b.expect}, got ${found}`);
    },
  });
}
