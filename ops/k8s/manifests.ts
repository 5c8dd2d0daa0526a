/**
 * Builds a kustomization of ops/k8s with `kubectl kustomize` (offline) and
 * returns its objects. The YAML is turned into JSON by kubectl too (a no-op
 * `kubectl patch --local`, which never contacts a cluster), so the test needs
 * no YAML library.
 *
 * @module
 */
import { isAbsolute, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { runCommand } from "@kopek/platform/testing";

/** A Kubernetes object as kustomize emits it. */
export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  // deno-lint-ignore no-explicit-any
  spec?: any;
  [field: string]: unknown;
}

/** ops/k8s on disk. */
export const K8S_DIR: string = fileURLToPath(new URL(".", import.meta.url));

/** The kustomizations CI builds: the base, each environment, the CloudNativePG example. */
export const KUSTOMIZATIONS: readonly string[] = [
  "base",
  "overlays/staging",
  "overlays/production",
  "examples/cloudnative-pg",
];

/** kubectl's path, or undefined when it is not installed. */
export async function findKubectl(): Promise<string | undefined> {
  for (const dir of (Deno.env.get("PATH") ?? "").split(":")) {
    const path = join(dir, "kubectl");
    try {
      const info = await Deno.stat(path);
      if (info.isFile) return path;
    } catch {
      // not there
    }
  }
  return undefined;
}

async function run(kubectl: string, args: string[], stdin?: string): Promise<string> {
  const out = await runCommand(kubectl, args, { stdin });
  if (!out.success) throw new Error(`kubectl ${args.join(" ")}: ${out.stderr}`);
  return out.stdout;
}

/** Splits kubectl's `-o json` output for several objects (one JSON document after another). */
export function parseJsonStream(text: string): unknown[] {
  const docs: unknown[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "{") {
      if (depth++ === 0) start = i;
    } else if (c === "}" && --depth === 0) {
      docs.push(JSON.parse(text.slice(start, i + 1)));
    }
  }
  if (depth !== 0 || inString) throw new Error("kubectl's JSON output is cut short");
  return docs;
}

/** An image pinned by digest: `name@sha256:…`. */
export interface PinnedImage {
  /** The name in the manifests (`kopek`, `kopek-web`). */
  name: string;
  /** What it becomes, as `.github/scripts/deploy.sh` writes it: `registry/name@sha256:…`. */
  pinned: string;
}

/**
 * Builds `ops/k8s/<dir>` under a throwaway kustomization that pins the images, as the release's
 * `.github/scripts/deploy.sh` does. The layer is in a temporary folder outside the repository;
 * kustomize refuses an absolute path to a resource, so it names the overlay by a relative one.
 */
export async function buildPinned(
  kubectl: string,
  dir: string,
  images: readonly PinnedImage[],
): Promise<K8sObject[]> {
  const layer = await Deno.makeTempDir({ prefix: "kopek-k8s-release-" });
  try {
    const pins = images.map((i) => {
      const [newName, digest] = i.pinned.split("@");
      return `  - name: ${i.name}\n    newName: ${newName}\n    digest: ${digest}\n`;
    });
    await Deno.writeTextFile(
      join(layer, "kustomization.yaml"),
      `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n` +
        `  - ${relative(layer, join(K8S_DIR, dir))}\nimages:\n${pins.join("")}`,
    );
    return await build(kubectl, layer);
  } finally {
    await Deno.remove(layer, { recursive: true });
  }
}

/** `kubectl kustomize ops/k8s/<dir>` (or an absolute folder), as objects. */
export async function build(kubectl: string, dir: string): Promise<K8sObject[]> {
  const yaml = await run(kubectl, ["kustomize", isAbsolute(dir) ? dir : join(K8S_DIR, dir)]);
  const json = await run(
    kubectl,
    ["patch", "--local", "-f", "-", "--type=merge", "-p", "{}", "-o", "json"],
    yaml,
  );
  const objects = parseJsonStream(json) as K8sObject[];
  const documents = yaml.split(/^---$/m).filter((d) => d.trim() !== "").length;
  if (objects.length !== documents) {
    throw new Error(`${dir}: ${documents} YAML documents but ${objects.length} objects`);
  }
  return objects;
}
