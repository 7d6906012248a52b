"""Checks one `helm template` output of the umbrella chart.

Writes the built-in kinds to --core (for kubernetes-validate), validates ServiceMonitors against
servicemonitor.schema.json (no CRD schema ships with kubernetes-validate) and asserts the rules
the charts promise: labels, hardened pods, probes, ports, and references that resolve.
"""

import argparse
import collections
import json
import os
import sys

import jsonschema
import yaml

PORTS = {
    'intake': (8101, 9101),
    'routing': (8102, 9102),
    'supervision': (8103, 9103),
    'hearing': (8104, 9104),
    'statistics': (8105, 9105),
    'notification': (8106, 9106),
}
LABELS = [
    'app.kubernetes.io/name',
    'app.kubernetes.io/instance',
    'app.kubernetes.io/version',
    'app.kubernetes.io/managed-by',
    'app.kubernetes.io/part-of',
    'helm.sh/chart',
]
SECRET_ENV = {'MONGO_URL', 'PII_ENCRYPTION_KEY', 'PII_HASH_KEY'}
CONFIG_KEYS = {'NODE_ENV', 'HTTP_PORT', 'GRPC_PORT', 'MONGO_DB', 'KAFKA_BROKERS', 'KEYCLOAK_URL', 'KEYCLOAK_REALM', 'KEYCLOAK_AUDIENCE', 'OTEL_SERVICE_NAME'}


def selects(selector, labels):
    return bool(selector) and all(labels.get(k) == v for k, v in selector.items())


def check(docs, errors):
    by_kind = collections.defaultdict(dict)
    for doc in docs:
        by_kind[doc['kind']][doc['metadata']['name']] = doc
        where = f"{doc['kind']}/{doc['metadata']['name']}"
        labels = doc['metadata'].get('labels') or {}
        for label in LABELS:
            if not labels.get(label):
                errors.append(f'{where}: missing label {label}')

    pods = {}
    for name, dep in by_kind['Deployment'].items():
        where = f'Deployment/{name}'
        service = dep['metadata']['labels']['app.kubernetes.io/name']
        tpl = dep['spec']['template']
        pods[name] = tpl['metadata']['labels']
        if not selects(dep['spec']['selector']['matchLabels'], tpl['metadata']['labels']):
            errors.append(f'{where}: selector does not match its pod labels')
        spec = tpl['spec']
        psc = spec.get('securityContext') or {}
        if psc.get('runAsNonRoot') is not True or psc.get('seccompProfile', {}).get('type') != 'RuntimeDefault':
            errors.append(f'{where}: pod securityContext must set runAsNonRoot and seccomp RuntimeDefault')
        if spec.get('serviceAccountName') not in by_kind['ServiceAccount']:
            errors.append(f"{where}: ServiceAccount {spec.get('serviceAccountName')} is not rendered")
        for c in spec['containers']:
            csc = c.get('securityContext') or {}
            if not (
                csc.get('runAsNonRoot') is True
                and csc.get('readOnlyRootFilesystem') is True
                and csc.get('allowPrivilegeEscalation') is False
                and 'ALL' in csc.get('capabilities', {}).get('drop', [])
                and csc.get('seccompProfile', {}).get('type') == 'RuntimeDefault'
            ):
                errors.append(f'{where}: container securityContext is not hardened')
            ports = {p['name']: p['containerPort'] for p in c.get('ports', [])}
            if service in PORTS and (ports.get('http'), ports.get('grpc')) != PORTS[service]:
                errors.append(f'{where}: ports {ports} are not http/grpc {PORTS[service]}')
            for probe, path in [('livenessProbe', '/healthz'), ('readinessProbe', '/readyz'), ('startupProbe', '/healthz')]:
                got = (c.get(probe) or {}).get('httpGet', {})
                if got.get('path') != path or got.get('port') != 'http':
                    errors.append(f'{where}: {probe} must GET {path} on the http port')
            if not c.get('resources', {}).get('requests'):
                errors.append(f'{where}: no resource requests')
            refs = [e['configMapRef']['name'] for e in c.get('envFrom', []) if 'configMapRef' in e]
            for ref in refs:
                if ref not in by_kind['ConfigMap']:
                    errors.append(f'{where}: envFrom ConfigMap {ref} is not rendered')
            if not refs:
                errors.append(f'{where}: no envFrom ConfigMap')
            secret_env = {e['name'] for e in c.get('env', []) if 'secretKeyRef' in e.get('valueFrom', {})}
            if not SECRET_ENV <= secret_env:
                errors.append(f'{where}: {sorted(SECRET_ENV - secret_env)} not taken from Secrets')
            if '/tmp' not in [m['mountPath'] for m in c.get('volumeMounts', [])]:
                errors.append(f'{where}: no writable /tmp under a read-only root filesystem')

    for name, cm in by_kind['ConfigMap'].items():
        missing = CONFIG_KEYS - set(cm.get('data') or {})
        if missing:
            errors.append(f'ConfigMap/{name}: missing {sorted(missing)}')

    for name, svc in by_kind['Service'].items():
        dep = by_kind['Deployment'].get(name)
        if not dep or not selects(svc['spec']['selector'], pods[name]):
            errors.append(f'Service/{name}: selector matches no rendered Deployment')
        if sorted(p['name'] for p in svc['spec']['ports']) != ['grpc', 'http']:
            errors.append(f'Service/{name}: must expose exactly http and grpc')

    for name, hpa in by_kind['HorizontalPodAutoscaler'].items():
        target = by_kind['Deployment'].get(hpa['spec']['scaleTargetRef']['name'])
        if not target:
            errors.append(f'HorizontalPodAutoscaler/{name}: scales a Deployment that is not rendered')
        elif 'replicas' in target['spec']:
            errors.append(f'HorizontalPodAutoscaler/{name}: its Deployment still pins spec.replicas')

    for kind, path in [('PodDisruptionBudget', ('selector', 'matchLabels')), ('NetworkPolicy', ('podSelector', 'matchLabels'))]:
        for name, doc in by_kind[kind].items():
            sel = doc['spec'][path[0]][path[1]]
            if not any(selects(sel, labels) for labels in pods.values()):
                errors.append(f'{kind}/{name}: selects no rendered pods')

    for name, sm in by_kind['ServiceMonitor'].items():
        sel = sm['spec']['selector']['matchLabels']
        if not any(selects(sel, s['metadata']['labels']) for s in by_kind['Service'].values()):
            errors.append(f'ServiceMonitor/{name}: selects no rendered Service')
    return by_kind


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('rendered')
    ap.add_argument('--core', required=True, help='where to write the built-in kinds')
    ap.add_argument('--expect', action='append', default=[], help='Kind=count')
    ap.add_argument('--services', required=True, help='comma-separated services that must be rendered')
    args = ap.parse_args()

    with open(args.rendered) as f:
        docs = [d for d in yaml.safe_load_all(f) if d]
    errors = []
    schema_path = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'servicemonitor.schema.json')
    with open(schema_path) as f:
        sm_schema = json.load(f)
    validator = jsonschema.Draft7Validator(sm_schema)
    core = []
    for doc in docs:
        if doc.get('apiVersion') == 'monitoring.coreos.com/v1':
            for err in validator.iter_errors(doc):
                path = '.'.join(str(p) for p in err.absolute_path)
                errors.append(f"ServiceMonitor/{doc['metadata']['name']}: {path}: {err.message}")
        else:
            core.append(doc)
    with open(args.core, 'w') as f:
        yaml.safe_dump_all(core, f, sort_keys=False)

    by_kind = check(docs, errors)
    for item in args.expect:
        kind, count = item.split('=')
        if len(by_kind[kind]) != int(count):
            errors.append(f'expected {count} {kind}, rendered {len(by_kind[kind])}')
    want = set(filter(None, args.services.split(',')))
    got = {d['metadata']['labels'].get('app.kubernetes.io/name') for d in docs}
    if got != want:
        errors.append(f'rendered services {sorted(got)}, expected {sorted(want)}')

    for e in errors:
        print(f'  {e}')
    summary = ', '.join(f'{len(v)} {k}' for k, v in sorted(by_kind.items()) if v)
    print(f"  {len(docs)} documents ({summary}); {len(by_kind['ServiceMonitor'])} ServiceMonitor checked with the local schema")
    return 1 if errors else 0


if __name__ == '__main__':
    sys.exit(main())
