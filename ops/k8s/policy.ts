/**
 * Kopek's rules for its Kubernetes manifests, checked on a built
 * kustomization (ADR 0029): what the schemas cannot say. Pure: objects in,
 * one line per violation out.
 *
 * @module
 */
import type { K8sObject } from "./manifests.ts";

/** Env values that are secrets by name: they must come from a Secret. */
const SECRET_NAME = /(SECRET|TOKEN|KEY|PASSWORD)$/;
/** A URL with a password in it: `scheme://user:password@`. */
const URL_PASSWORD = /:\/\/[^/:@\s]*:([^@\s]*)@/;
/** A dependent variable reference, `$(NAME)`. */
const REFERENCE = /\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g;

/** The services that serve Kopek's health endpoints, and must be probed on them. */
const HEALTH_SERVED = [
  "command-api",
  "query-api",
  "projector",
  "rates",
  "imports",
  "scheduler",
  "notifier",
  "bot",
];
/** Kopek closes idle connections after this (KOPEK_HTTP_IDLE_TIMEOUT_SECONDS): the proxy first. */
const KOPEK_IDLE_SECONDS = 75;
/** Drain within 10 s after SIGTERM (docs/operations.md), plus a margin. */
const MIN_GRACE_SECONDS = 12;

// deno-lint-ignore no-explicit-any
type Json = any;

interface Workload {
  object: K8sObject;
  podLabels: Record<string, string>;
  podSpec: Json;
}

function workloads(objects: readonly K8sObject[]): Workload[] {
  return objects
    .filter((o) => o.kind === "Deployment" || o.kind === "Job")
    .map((object) => ({
      object,
      podLabels: object.spec?.template?.metadata?.labels ?? {},
      podSpec: object.spec?.template?.spec ?? {},
    }));
}

function selects(matchLabels: Record<string, string> | undefined, labels: Record<string, string>) {
  return Object.entries(matchLabels ?? {}).every(([k, v]) => labels[k] === v);
}

/** A label selector with matchLabels and matchExpressions (In, NotIn, Exists, DoesNotExist). */
function selectorMatches(selector: Json, labels: Record<string, string>): boolean {
  if (!selects(selector?.matchLabels, labels)) return false;
  return (selector?.matchExpressions ?? []).every((e: Json) => {
    const has = e.key in labels;
    switch (e.operator) {
      case "In":
        return has && e.values.includes(labels[e.key]);
      case "NotIn":
        return !has || !e.values.includes(labels[e.key]);
      case "Exists":
        return has;
      case "DoesNotExist":
        return !has;
      default:
        return false;
    }
  });
}

function isEmptySelector(selector: Json): boolean {
  return Object.keys(selector?.matchLabels ?? {}).length === 0 &&
    (selector?.matchExpressions ?? []).length === 0;
}

function checkContainers(w: Workload, out: string[]): void {
  const name = `${w.object.kind}/${w.object.metadata.name}`;
  const pod = w.podSpec.securityContext ?? {};
  if (w.podSpec.automountServiceAccountToken !== false) {
    out.push(`${name}: mounts a service account token (Kopek never calls the API)`);
  }
  for (const c of w.podSpec.containers ?? []) {
    const where = `${name} container ${c.name}`;
    const sc = c.securityContext ?? {};
    if ((sc.runAsNonRoot ?? pod.runAsNonRoot) !== true) out.push(`${where}: not runAsNonRoot`);
    if ((sc.runAsUser ?? pod.runAsUser) === 0) out.push(`${where}: runs as uid 0`);
    const seccomp = sc.seccompProfile?.type ?? pod.seccompProfile?.type;
    if (seccomp !== "RuntimeDefault") out.push(`${where}: seccomp profile not RuntimeDefault`);
    if (sc.allowPrivilegeEscalation !== false) out.push(`${where}: may escalate privileges`);
    if (sc.privileged === true) out.push(`${where}: privileged`);
    if (!(sc.capabilities?.drop ?? []).includes("ALL")) out.push(`${where}: keeps capabilities`);
    if ((sc.capabilities?.add ?? []).length > 0) out.push(`${where}: adds capabilities`);
    if (sc.readOnlyRootFilesystem !== true) out.push(`${where}: root filesystem writable`);
    for (const kind of ["requests", "limits"]) {
      for (const resource of ["cpu", "memory"]) {
        if (c.resources?.[kind]?.[resource] === undefined) {
          out.push(`${where}: no ${resource} ${kind}`);
        }
      }
    }
    checkEnv(where, c, out);
  }
}

function checkEnv(where: string, c: Json, out: string[]): void {
  const defined = new Set<string>();
  for (const e of c.env ?? []) {
    if (e.value !== undefined) {
      if (SECRET_NAME.test(e.name)) {
        out.push(`${where}: ${e.name} is a literal, not a secretKeyRef`);
      }
      const password = URL_PASSWORD.exec(e.value)?.[1];
      if (password !== undefined && !/^\$\([A-Za-z_][A-Za-z0-9_]*\)$/.test(password)) {
        out.push(`${where}: ${e.name} has a literal password in its URL`);
      }
      for (const [, ref] of e.value.matchAll(REFERENCE)) {
        if (!defined.has(ref)) {
          out.push(`${where}: ${e.name} refers to $(${ref}), not defined before it`);
        }
      }
    } else if (SECRET_NAME.test(e.name) && !e.valueFrom?.secretKeyRef) {
      out.push(`${where}: ${e.name} is not from a Secret`);
    }
    defined.add(e.name);
  }
}

function checkProbes(w: Workload, out: string[]): void {
  if (w.object.kind !== "Deployment") return;
  const name = w.object.metadata.name;
  const grace = w.podSpec.terminationGracePeriodSeconds;
  if (grace === undefined || grace < MIN_GRACE_SECONDS) {
    out.push(
      `Deployment/${name}: terminationGracePeriodSeconds ${grace} (at least 12: 10 s drain)`,
    );
  }
  for (const c of w.podSpec.containers ?? []) {
    const where = `Deployment/${name} container ${c.name}`;
    if ((c.ports ?? []).length > 0) {
      if (!c.readinessProbe) out.push(`${where}: serves a port but has no readiness probe`);
      if (!c.livenessProbe) out.push(`${where}: serves a port but has no liveness probe`);
    }
    if (HEALTH_SERVED.includes(name)) {
      if (c.readinessProbe?.httpGet?.path !== "/readyz") {
        out.push(`${where}: readiness probe is not GET /readyz`);
      }
      if (c.livenessProbe?.httpGet?.path !== "/healthz") {
        out.push(`${where}: liveness probe is not GET /healthz`);
      }
    }
  }
}

function checkCoverage(objects: readonly K8sObject[], out: string[]): void {
  const pdbs = objects.filter((o) => o.kind === "PodDisruptionBudget");
  const policies = objects.filter((o) => o.kind === "NetworkPolicy");
  const defaultDeny = policies.some((p) =>
    isEmptySelector(p.spec.podSelector) &&
    ["Ingress", "Egress"].every((t) => (p.spec.policyTypes ?? []).includes(t)) &&
    (p.spec.ingress ?? []).length === 0 && (p.spec.egress ?? []).length === 0
  );
  if (!defaultDeny) out.push("no default-deny NetworkPolicy (ingress and egress)");
  for (const w of workloads(objects).filter((w) => w.object.kind === "Deployment")) {
    const name = `Deployment/${w.object.metadata.name}`;
    const covering = pdbs.filter((p) => selectorMatches(p.spec.selector, w.podLabels));
    if (covering.length !== 1) out.push(`${name}: covered by ${covering.length} PDBs, not 1`);
    const hpa = objects.find((o) =>
      o.kind === "HorizontalPodAutoscaler" && o.spec.scaleTargetRef.name === w.object.metadata.name
    );
    if (hpa && w.object.spec.replicas !== undefined) {
      out.push(`${name}: sets replicas, which every apply would reset under its HPA`);
    }
    const replicas = hpa?.spec.minReplicas ?? w.object.spec.replicas ?? 1;
    for (const p of covering) {
      if (typeof p.spec.minAvailable === "number" && p.spec.minAvailable >= replicas) {
        out.push(`${name}: ${replicas} replicas and PDB minAvailable ${p.spec.minAvailable}`);
      }
    }
    const allowed = policies.filter((p) =>
      !isEmptySelector(p.spec.podSelector) && selectorMatches(p.spec.podSelector, w.podLabels)
    );
    if (allowed.length === 0) out.push(`${name}: no NetworkPolicy allows it anything`);
  }
}

function checkServicesAndRoutes(objects: readonly K8sObject[], out: string[]): void {
  const deployments = workloads(objects).filter((w) => w.object.kind === "Deployment");
  const services = objects.filter((o) => o.kind === "Service");
  for (const s of services) {
    const backends = deployments.filter((d) => selects(s.spec.selector, d.podLabels));
    if (backends.length === 0) out.push(`Service/${s.metadata.name}: selects no Deployment`);
    for (const port of s.spec.ports ?? []) {
      const named = backends.some((d) =>
        d.podSpec.containers.some((c: Json) =>
          (c.ports ?? []).some((p: Json) =>
            p.name === port.targetPort || p.containerPort === port.targetPort
          )
        )
      );
      if (!named) out.push(`Service/${s.metadata.name}: no container port ${port.targetPort}`);
    }
  }
  for (const h of objects.filter((o) => o.kind === "HorizontalPodAutoscaler")) {
    const target = deployments.find((d) => d.object.metadata.name === h.spec.scaleTargetRef.name);
    if (!target) out.push(`HorizontalPodAutoscaler/${h.metadata.name}: no such Deployment`);
    if (h.spec.minReplicas < 2) out.push(`HorizontalPodAutoscaler/${h.metadata.name}: below 2`);
  }
  for (const api of ["command-api", "query-api"]) {
    const scaled = objects.some((o) =>
      o.kind === "HorizontalPodAutoscaler" && o.spec.scaleTargetRef.name === api
    );
    if (!scaled) out.push(`Deployment/${api}: no HorizontalPodAutoscaler`);
  }
  const routes = objects.filter((o) => o.kind === "IngressRoute");
  if (routes.length !== 1) out.push(`${routes.length} IngressRoutes, not 1`);
  for (const r of routes) {
    const expect = [
      { to: "command-api", must: ["PathPrefix(`/v1/`)", "!Method(`GET`)", "!Method(`HEAD`)"] },
      { to: "query-api", must: ["PathPrefix(`/v1/`)", "(Method(`GET`) || Method(`HEAD`))"] },
      { to: "web", must: [] },
    ];
    const hosts = new Set<string>();
    for (const route of r.spec.routes ?? []) {
      hosts.add(/Host\(`([^`]+)`\)/.exec(route.match)?.[1] ?? "(none)");
      for (const target of route.services ?? []) {
        const transport = objects.find((o) =>
          o.kind === "ServersTransport" && o.metadata.name === target.serversTransport
        );
        const idle = /^(\d+)s$/.exec(transport?.spec.forwardingTimeouts?.idleConnTimeout ?? "");
        if (target.name !== "web" && !(idle && Number(idle[1]) < KOPEK_IDLE_SECONDS)) {
          out.push(`IngressRoute: ${target.name} without a ServersTransport idle below 75 s`);
        }
        const service = services.find((s) => s.metadata.name === target.name);
        const port = service?.spec.ports.some((p: Json) =>
          p.name === target.port || p.port === target.port
        );
        if (!port) out.push(`IngressRoute: ${target.name}:${target.port} is no Service port`);
      }
    }
    if (hosts.size !== 1) out.push(`IngressRoute: hosts ${[...hosts].join(", ")}, not one`);
    for (const e of expect) {
      const route = (r.spec.routes ?? []).find((x: Json) =>
        x.services?.some((s: Json) => s.name === e.to)
      );
      if (!route) out.push(`IngressRoute: no route to ${e.to}`);
      else {
        for (const m of e.must) {
          if (!route.match.includes(m)) out.push(`IngressRoute: route to ${e.to} lacks ${m}`);
        }
      }
    }
  }
}

function checkObjects(objects: readonly K8sObject[], out: string[]): void {
  for (const o of objects) {
    if (o.kind === "Secret") out.push(`Secret/${o.metadata.name}: a Secret in the manifests`);
    if (o.kind === "ConfigMap") {
      for (const [key, value] of Object.entries((o.data ?? {}) as Record<string, string>)) {
        if (SECRET_NAME.test(key) || URL_PASSWORD.test(value)) {
          out.push(`ConfigMap/${o.metadata.name}: ${key} looks like a secret`);
        }
      }
    }
  }
  const bot = objects.find((o) => o.kind === "Deployment" && o.metadata.name === "bot");
  if (bot && (bot.spec.replicas !== 1 || bot.spec.strategy?.type !== "Recreate")) {
    out.push("Deployment/bot: a polling bot must be 1 replica replaced with Recreate (409)");
  }
}

/** Every violation of Kopek's rules in a built kustomization. */
export function checkPolicy(objects: readonly K8sObject[]): string[] {
  const out: string[] = [];
  for (const w of workloads(objects)) {
    checkContainers(w, out);
    checkProbes(w, out);
  }
  checkCoverage(objects, out);
  checkServicesAndRoutes(objects, out);
  checkObjects(objects, out);
  return out;
}

/** Names of the `KOPEK_*` variables a build sets, to compare with the documented ones. */
export function kopekVariables(objects: readonly K8sObject[]): Set<string> {
  const names = new Set<string>();
  for (const o of objects) {
    if (o.kind === "ConfigMap") {
      for (const key of Object.keys((o.data ?? {}) as object)) names.add(key);
    }
    for (const c of o.spec?.template?.spec?.containers ?? []) {
      for (const e of c.env ?? []) names.add(e.name);
    }
  }
  return new Set([...names].filter((n) => n.startsWith("KOPEK_")));
}
