#!/usr/bin/env bash
# Renders every kustomize overlay under infra/k8s/overlays offline (kubectl kustomize) and checks the objects with
# scripts/lib/check_k8s.py: probes, resource limits, non-root, the PodDisruptionBudget, the Service, the KEDA
# ScaledObject, the pod RBAC and environment Orleans' Kubernetes hosting needs. Ends with "kustomize: ...".
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

if ! command -v kubectl >/dev/null 2>&1; then
  echo "kustomize: kubectl is not installed"
  exit 1
fi

total=0; bad=0
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for overlay in "$ROOT"/infra/k8s/overlays/*/; do
  name=$(basename "$overlay")
  total=$((total + 1))
  if ! kubectl kustomize "$overlay" > "$out/$name.yaml" 2> "$out/$name.err"; then
    bad=$((bad + 1))
    echo "$name: kubectl kustomize failed:"
    sed 's/^/  /' "$out/$name.err"
    continue
  fi
  if ! problems=$(python3 "$ROOT/scripts/lib/check_k8s.py" < "$out/$name.yaml" 2>&1); then
    bad=$((bad + 1))
    echo "$name:"
    sed 's/^/  /' <<<"$problems"
  fi
done

if [ "$total" -eq 0 ]; then
  echo "kustomize: no overlays under infra/k8s/overlays"
  exit 1
fi
if [ "$bad" -gt 0 ]; then
  echo "kustomize: $bad of $total overlays failed"
  exit 1
fi
echo "kustomize: $total overlays rendered and checked"
