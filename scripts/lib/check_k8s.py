"""Checks rendered Kubernetes manifests (kubectl kustomize output, read from stdin) against what a StreamML silo
deployment needs. Prints one line per problem; exits 1 when there is any."""
import sys

import yaml

REQUIRED_POD_ENV = {
    "POD_NAME": "metadata.name",
    "POD_NAMESPACE": "metadata.namespace",
    "POD_IP": "status.podIP",
    "StreamML__AdvertisedAddress": "status.podIP",
}
ORLEANS_LABELS = ("orleans/serviceId", "orleans/clusterId")
MEMBERSHIP_VERBS = {"get", "watch", "list", "delete", "patch"}


def selects(selector, labels):
    return bool(selector) and all(labels.get(k) == v for k, v in selector.items())


def check(objects):
    problems = []
    by_kind = {}
    for o in objects:
        by_kind.setdefault(o["kind"], []).append(o)

    silos = [o for o in by_kind.get("Deployment", []) + by_kind.get("StatefulSet", [])]
    if len(silos) != 1:
        return [f"expected one silo Deployment or StatefulSet, found {len(silos)}"]
    silo = silos[0]
    name = silo["metadata"]["name"]
    pod = silo["spec"]["template"]
    labels = pod["metadata"].get("labels", {})
    spec = pod["spec"]
    if not selects(silo["spec"]["selector"].get("matchLabels"), labels):
        problems.append(f"{name}: the selector does not match the pod labels")
    for label in ORLEANS_LABELS:
        if not labels.get(label):
            problems.append(f"{name}: pod label {label} (read by Orleans' Kubernetes hosting) is missing")

    settings = {}
    configmaps = {c["metadata"]["name"]: c.get("data", {}) for c in by_kind.get("ConfigMap", [])}
    for container in spec["containers"]:
        cname = f"{name}/{container['name']}"
        for ref in container.get("envFrom", []):
            cm = ref.get("configMapRef", {}).get("name")
            if cm is not None and cm not in configmaps:
                problems.append(f"{cname}: envFrom names ConfigMap {cm}, which is not rendered")
            settings.update(configmaps.get(cm, {}))
        env = {e["name"]: e for e in container.get("env", [])}
        settings.update({k: e.get("value") for k, e in env.items() if "value" in e})
        for var, path in REQUIRED_POD_ENV.items():
            if env.get(var, {}).get("valueFrom", {}).get("fieldRef", {}).get("fieldPath") != path:
                problems.append(f"{cname}: {var} must come from the pod's {path}")
        for probe, path in (("livenessProbe", "/healthz"), ("readinessProbe", "/readyz")):
            if container.get(probe, {}).get("httpGet", {}).get("path") != path:
                problems.append(f"{cname}: {probe} must GET {path}")
        resources = container.get("resources", {})
        for part in ("requests", "limits"):
            for res in ("cpu", "memory"):
                if res not in resources.get(part, {}):
                    problems.append(f"{cname}: resources.{part}.{res} is not set")
        csc, psc = container.get("securityContext", {}), spec.get("securityContext", {})
        if not csc.get("runAsNonRoot", psc.get("runAsNonRoot")):
            problems.append(f"{cname}: runAsNonRoot is not set")
        if csc.get("runAsUser", psc.get("runAsUser")) == 0:
            problems.append(f"{cname}: runs as user 0")
        if csc.get("allowPrivilegeEscalation") is not False:
            problems.append(f"{cname}: allowPrivilegeEscalation must be false")

    if str(settings.get("StreamML__KubernetesHosting", "")).lower() != "true":
        problems.append(f"{name}: StreamML__KubernetesHosting is not true")
    if settings.get("StreamML__Clustering__Provider", "Localhost").lower() == "localhost":
        problems.append(f"{name}: StreamML__Clustering__Provider must name a shared membership store, not Localhost")

    if not any(selects(p["spec"].get("selector", {}).get("matchLabels"), labels) for p in by_kind.get("PodDisruptionBudget", [])):
        problems.append(f"{name}: no PodDisruptionBudget selects the silo pods")
    if not any(selects(s["spec"].get("selector"), labels) for s in by_kind.get("Service", [])):
        problems.append(f"{name}: no Service selects the silo pods")

    scaled = [s for s in by_kind.get("ScaledObject", []) if s["spec"]["scaleTargetRef"]["name"] == name]
    if not scaled:
        problems.append(f"{name}: no KEDA ScaledObject targets it")
    for s in scaled:
        if s["spec"].get("minReplicaCount", 0) > s["spec"].get("maxReplicaCount", 100):
            problems.append(f"ScaledObject {s['metadata']['name']}: minReplicaCount exceeds maxReplicaCount")
        if not any("streamml_source_lag" in t.get("metadata", {}).get("query", "") for t in s["spec"].get("triggers", [])):
            problems.append(f"ScaledObject {s['metadata']['name']}: no trigger on streamml_source_lag")

    account = spec.get("serviceAccountName")
    roles = {r["metadata"]["name"]: r for r in by_kind.get("Role", [])}
    granted = set()
    for binding in by_kind.get("RoleBinding", []):
        if any(s.get("kind") == "ServiceAccount" and s.get("name") == account for s in binding.get("subjects", [])):
            for rule in roles.get(binding["roleRef"]["name"], {}).get("rules", []):
                if "pods" in rule.get("resources", []) and "" in rule.get("apiGroups", []):
                    granted |= set(rule.get("verbs", []))
    if not account:
        problems.append(f"{name}: no serviceAccountName")
    elif not MEMBERSHIP_VERBS <= granted:
        problems.append(f"{name}: service account {account} lacks pod verbs {sorted(MEMBERSHIP_VERBS - granted)}")

    for secret in by_kind.get("Secret", []):
        if secret.get("data") or secret.get("stringData"):
            problems.append(f"Secret {secret['metadata']['name']}: secret values must not come from the repository")
    return problems


def main():
    objects = [o for o in yaml.safe_load_all(sys.stdin) if o]
    problems = check(objects)
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
