#!/usr/bin/env bash
# Deploys one Kubernetes overlay (ops/k8s/overlays/<environment>) with the images a release
# built, by digest: usage deploy.sh ENVIRONMENT KOPEK_IMAGE WEB_IMAGE, each image as
# name@sha256:… . Needs kubectl on PATH and KUBECONFIG set; waits for every Deployment to roll out.
set -euo pipefail
environment=$1 kopek_image=$2 web_image=$3
cd "$(dirname "$0")/../.."
overlay=ops/k8s/overlays/${environment}
[ -d "$overlay" ] || { echo "no overlay ${overlay}" >&2; exit 1; }

# A throwaway kustomization over the overlay that only swaps the images: the manifests name them
# `kopek` and `kopek-web` (as compose.yaml does), the release pins them to what it pushed.
release=$(mktemp -d "${PWD}/.release.XXXXXX")
trap 'rm -rf "$release"' EXIT
cat > "${release}/kustomization.yaml" <<YAML
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - ../${overlay}
images:
  - name: kopek
    newName: ${kopek_image%@*}
    digest: ${kopek_image#*@}
  - name: kopek-web
    newName: ${web_image%@*}
    digest: ${web_image#*@}
YAML

kubectl kustomize "$release" > "${release}/manifests.yaml"
kubectl apply -f "${release}/manifests.yaml"
kubectl get -f "${release}/manifests.yaml" -o jsonpath='{range .items[?(@.kind=="Deployment")]}{.metadata.namespace}{" "}{.metadata.name}{"\n"}{end}' |
  while read -r namespace name; do
    kubectl rollout status --timeout=10m --namespace "${namespace:-default}" "deployment/${name}"
  done
