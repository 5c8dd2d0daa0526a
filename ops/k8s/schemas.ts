/**
 * Validates built objects against the Kubernetes API's JSON schemas, offline,
 * with kubernetes-models (ADR 0029). Those schemas are the API's OpenAPI ones:
 * types, required fields and formats are checked; an unknown field is not
 * (the API's schemas allow them), which the policy checks make up for where
 * it matters. Custom resources (Traefik, CloudNativePG) have no schema here:
 * they are returned as unvalidated, and the policy checks their structure.
 *
 * @module
 */
import * as core from "kubernetes-models/v1";
import * as apps from "kubernetes-models/apps/v1";
import * as batch from "kubernetes-models/batch/v1";
import * as policy from "kubernetes-models/policy/v1";
import * as autoscaling from "kubernetes-models/autoscaling/v2";
import * as networking from "kubernetes-models/networking.k8s.io/v1";
import type { K8sObject } from "./manifests.ts";

interface ModelClass {
  apiVersion: string;
  kind: string;
  new (data: unknown): { validate(): void };
}

const MODELS: ReadonlyMap<string, ModelClass> = new Map(
  [core, apps, batch, policy, autoscaling, networking]
    .flatMap((module) => Object.values(module) as unknown[])
    .filter((value): value is ModelClass =>
      typeof value === "function" && "apiVersion" in value && "kind" in value
    )
    .map((model) => [`${model.apiVersion}/${model.kind}`, model]),
);

/** The outcome of validating a build. */
export interface SchemaReport {
  /** One line per object that does not match its schema. */
  errors: string[];
  /** `apiVersion/kind` of the objects no schema here covers. */
  unvalidated: Set<string>;
}

/** Validates every object whose kind kubernetes-models knows. */
export function validateSchemas(objects: readonly K8sObject[]): SchemaReport {
  const errors: string[] = [];
  const unvalidated = new Set<string>();
  for (const object of objects) {
    const type = `${object.apiVersion}/${object.kind}`;
    const Model = MODELS.get(type);
    if (!Model) {
      unvalidated.add(type);
      continue;
    }
    try {
      new Model(object).validate();
    } catch (err) {
      errors.push(`${object.kind}/${object.metadata.name}: ${(err as Error).message}`);
    }
  }
  return { errors, unvalidated };
}
