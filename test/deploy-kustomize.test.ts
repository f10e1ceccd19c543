// Issue #13 item 4: every install under deploy/kubernetes, rendered by a real kustomize (`kubectl kustomize`, found or
// installed by scripts/ensure-kubectl.sh) and checked (1) against the Kubernetes API schemas (kubernetes-models'
// validators, compiled from the Kubernetes OpenAPI schema with Ajv: types, required fields, enums, formats; they do not
// reject unknown fields) and (2) as a specification of what each overlay installs. test/deploy-manifests.test.ts
// checks the RBAC and pod-security rules on the files themselves.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { ConfigMap, Namespace, Secret, Service, ServiceAccount } from 'kubernetes-models/v1';
import { Deployment } from 'kubernetes-models/apps/v1';
import { ClusterRole, ClusterRoleBinding, Role, RoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1';
import { NetworkPolicy } from 'kubernetes-models/networking.k8s.io/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';

const ROOT = path.resolve(__dirname, '..');

type Obj = Record<string, unknown>;
interface Validatable {
  validate(): void;
}
/** The schema of every apiVersion/kind the manifests may ship; anything else is a failure, not a pass. */
const MODELS: Readonly<Record<string, new (data: never) => Validatable>> = {
  'v1/Namespace': Namespace,
  'v1/ServiceAccount': ServiceAccount,
  'v1/Service': Service,
  'v1/ConfigMap': ConfigMap,
  'v1/Secret': Secret,
  'apps/v1/Deployment': Deployment,
  'rbac.authorization.k8s.io/v1/ClusterRole': ClusterRole,
  'rbac.authorization.k8s.io/v1/ClusterRoleBinding': ClusterRoleBinding,
  'rbac.authorization.k8s.io/v1/Role': Role,
  'rbac.authorization.k8s.io/v1/RoleBinding': RoleBinding,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
};

const INSTALLS = [
  { dir: 'deploy/kubernetes', name: 'default install (the live cluster)' },
  { dir: 'deploy/kubernetes/overlays/cluster', name: 'cluster' },
  { dir: 'deploy/kubernetes/overlays/files-source', name: 'files-source' },
  { dir: 'deploy/kubernetes/overlays/prometheus', name: 'prometheus' },
  { dir: 'deploy/kubernetes/overlays/postgresql', name: 'postgresql' },
] as const;

let kubectl: string;
const rendered = new Map<string, Obj[]>();

function render(dir: string): Obj[] {
  const text = execFileSync(kubectl, ['kustomize', path.join(ROOT, dir)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return parseAllDocuments(text).map((d) => {
    if (d.errors.length > 0) throw new Error(`${dir}: ${d.errors[0]?.message}`);
    return d.toJS() as Obj;
  });
}

beforeAll(() => {
  // The script prints the kubectl to use on its last line (installing one into ~/.cache when none is fit).
  kubectl = execFileSync('bash', [path.join(ROOT, 'scripts', 'ensure-kubectl.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim().split('\n').at(-1) ?? '';
  for (const { dir } of [...INSTALLS, { dir: 'deploy/kubernetes/opt-in/portforward' }]) rendered.set(dir, render(dir));
}, 300_000);

const obj = (o: unknown, key: string): Obj => ((o as Obj | undefined)?.[key] ?? {}) as Obj;
const list = (o: unknown, key: string): Obj[] => ((o as Obj | undefined)?.[key] ?? []) as Obj[];
const idOf = (o: Obj) => `${String(o['kind'])}/${String(obj(o, 'metadata')['name'])}`;
const ofKind = (objs: readonly Obj[], kind: string) => objs.filter((o) => o['kind'] === kind);
const only = (objs: readonly Obj[], kind: string): Obj => {
  const found = ofKind(objs, kind);
  if (found.length !== 1) throw new Error(`expected one ${kind}, found ${found.length}`);
  return found[0] as Obj;
};
const podTemplate = (objs: readonly Obj[]) => obj(obj(only(objs, 'Deployment'), 'spec'), 'template');
const podSpec = (objs: readonly Obj[]) => obj(podTemplate(objs), 'spec');
const container = (objs: readonly Obj[]) => list(podSpec(objs), 'containers')[0] as Obj;
const matches = (selector: Obj, labels: Obj) => Object.entries(obj(selector, 'matchLabels')).every(([k, v]) => labels[k] === v);

/** The environment as name → value, or → `secret NAME/KEY` for a Secret reference. */
function envOf(objs: readonly Obj[]): Record<string, string> {
  return Object.fromEntries(
    list(container(objs), 'env').map((e) => {
      const ref = obj(obj(e, 'valueFrom'), 'secretKeyRef');
      return [String(e['name']), e['value'] !== undefined ? String(e['value']) : `secret ${String(ref['name'])}/${String(ref['key'])}${ref['optional'] ? ' (optional)' : ''}`];
    }),
  );
}

/** Every egress and ingress port the NetworkPolicies open, as "egress 443/TCP" etc., sorted. */
function openedPorts(objs: readonly Obj[]): string[] {
  const out = new Set<string>();
  for (const np of ofKind(objs, 'NetworkPolicy')) {
    for (const dir of ['ingress', 'egress'] as const) {
      for (const rule of list(obj(np, 'spec'), dir)) for (const p of list(rule, 'ports')) out.add(`${dir} ${String(p['port'])}/${String(p['protocol'] ?? 'TCP')}`);
    }
  }
  return [...out].sort();
}

describe.each(INSTALLS)('$name ($dir)', ({ dir }) => {
  const objs = () => rendered.get(dir) ?? [];

  it('renders objects that validate against the Kubernetes API schemas', () => {
    expect(objs().length).toBeGreaterThan(0);
    const problems = objs().flatMap((o) => {
      const Model = MODELS[`${String(o['apiVersion'])}/${String(o['kind'])}`];
      if (!Model) return [`${idOf(o)}: no schema for ${String(o['apiVersion'])} ${String(o['kind'])}`];
      try {
        new Model(o as never).validate();
        return [];
      } catch (e) {
        return [`${idOf(o)}: ${(e as Error).message}`];
      }
    });
    expect(problems).toEqual([]);
  });

  it('runs the pod locked down: non-root, read-only root filesystem, no privilege escalation, seccomp RuntimeDefault, no capabilities', () => {
    const pod = podSpec(objs());
    const sc = obj(container(objs()), 'securityContext');
    expect({
      runAsNonRoot: sc['runAsNonRoot'] ?? obj(pod, 'securityContext')['runAsNonRoot'],
      readOnlyRootFilesystem: sc['readOnlyRootFilesystem'],
      allowPrivilegeEscalation: sc['allowPrivilegeEscalation'],
      privileged: sc['privileged'] ?? false,
      seccomp: obj(sc, 'seccompProfile')['type'] ?? obj(obj(pod, 'securityContext'), 'seccompProfile')['type'],
      capabilities: obj(sc, 'capabilities'),
      hostNetwork: pod['hostNetwork'] ?? false,
    }).toEqual({ runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, privileged: false, seccomp: 'RuntimeDefault', capabilities: { drop: ['ALL'] }, hostNetwork: false });
  });

  it('sets resources and probes /api/v1/health (no credential, no cluster data)', () => {
    const c = container(objs());
    expect(obj(c, 'resources')).toEqual({ requests: { cpu: '100m', memory: '256Mi' }, limits: { memory: '2Gi' } });
    for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe']) expect({ probe, httpGet: obj(c, probe)['httpGet'] }).toEqual({ probe, httpGet: { path: '/api/v1/health', port: 'http' } });
  });

  it('selects its own pod with the Service, the PodDisruptionBudget and every NetworkPolicy', () => {
    const labels = obj(obj(podTemplate(objs()), 'metadata'), 'labels');
    expect(obj(only(objs(), 'Service'), 'spec')).toMatchObject({ type: 'ClusterIP', selector: { 'app.kubernetes.io/name': 'mesh-posture', 'app.kubernetes.io/component': 'dashboard' } });
    expect(matches(obj(obj(only(objs(), 'PodDisruptionBudget'), 'spec'), 'selector'), labels)).toBe(true);
    expect(obj(only(objs(), 'PodDisruptionBudget'), 'spec')['maxUnavailable']).toBe(1);
    for (const np of ofKind(objs(), 'NetworkPolicy')) expect({ np: idOf(np), selects: matches(obj(obj(np, 'spec'), 'podSelector'), labels) }).toEqual({ np: idOf(np), selects: true });
  });

  it('ships no Secret, never anonymous mode, and never the opt-in port-forward permission', () => {
    expect(ofKind(objs(), 'Secret')).toEqual([]);
    expect(envOf(objs())['MESH_POSTURE_TOKEN']).toBe('secret mesh-posture-token/token');
    expect(envOf(objs())).not.toHaveProperty('MESH_POSTURE_ANONYMOUS');
    const rules = [...ofKind(objs(), 'ClusterRole'), ...ofKind(objs(), 'Role')].flatMap((r) => list(r, 'rules'));
    expect(rules.flatMap((r) => r['resources'] as string[]).filter((res) => res === 'pods/portforward' || res === 'secrets')).toEqual([]);
  });
});

describe('what each install adds to the base', () => {
  const summary = (dir: string) => {
    const objs = rendered.get(dir) ?? [];
    const binding = ofKind(objs, 'ClusterRoleBinding')[0];
    return {
      objects: objs.map(idOf).sort(),
      env: envOf(objs),
      serviceAccountToken: podSpec(objs)['automountServiceAccountToken'],
      boundTo: binding ? { role: obj(binding, 'roleRef')['name'], subjects: list(binding, 'subjects') } : null,
      ports: openedPorts(objs),
    };
  };
  const BASE_OBJECTS = ['Deployment/mesh-posture', 'Namespace/mesh-posture', 'NetworkPolicy/mesh-posture', 'PodDisruptionBudget/mesh-posture', 'Service/mesh-posture', 'ServiceAccount/mesh-posture'];
  const BASE_ENV = { MESH_POSTURE_TOKEN: 'secret mesh-posture-token/token', MESH_POSTURE_DATABASE_URL: 'off', NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: 'production', HOME: '/tmp' };
  const LIVE = {
    objects: [...BASE_OBJECTS, 'ClusterRole/mesh-posture-read', 'ClusterRoleBinding/mesh-posture-read', 'NetworkPolicy/mesh-posture-apiserver'].sort(),
    env: { ...BASE_ENV, MESH_POSTURE_SOURCE: 'cluster' },
    serviceAccountToken: true,
    boundTo: { role: 'mesh-posture-read', subjects: [{ kind: 'ServiceAccount', name: 'mesh-posture', namespace: 'mesh-posture' }] },
    ports: ['egress 443/TCP', 'egress 53/TCP', 'egress 53/UDP', 'egress 6443/TCP', 'ingress 3000/TCP'],
  };

  it('the default install is the live cluster overlay', () => {
    expect(summary('deploy/kubernetes')).toEqual(LIVE);
    expect(rendered.get('deploy/kubernetes')).toEqual(rendered.get('deploy/kubernetes/overlays/cluster'));
  });

  it('files-source: the exported file from a ConfigMap, and no credential, no ClusterRole, no egress but DNS', () => {
    expect(summary('deploy/kubernetes/overlays/files-source')).toEqual({
      objects: BASE_OBJECTS,
      env: { ...BASE_ENV, MESH_POSTURE_SOURCE: '/data/mesh.yaml' },
      serviceAccountToken: false,
      boundTo: null,
      ports: ['egress 53/TCP', 'egress 53/UDP', 'ingress 3000/TCP'],
    });
    const objs = rendered.get('deploy/kubernetes/overlays/files-source') ?? [];
    expect(list(container(objs), 'volumeMounts')).toContainEqual({ name: 'snapshot', mountPath: '/data', readOnly: true });
    expect(list(podSpec(objs), 'volumes')).toContainEqual({ name: 'snapshot', configMap: { name: 'mesh-posture-snapshot' } });
  });

  it('prometheus: the live cluster, reading Prometheus and scraped by it', () => {
    expect(summary('deploy/kubernetes/overlays/prometheus')).toEqual({
      ...LIVE,
      objects: [...LIVE.objects, 'NetworkPolicy/mesh-posture-prometheus'].sort(),
      env: { ...LIVE.env, MESH_POSTURE_PROMETHEUS_URL: 'http://prometheus.istio-system.svc:9090', MESH_POSTURE_METRICS_TOKEN: 'secret mesh-posture-metrics/token (optional)' },
      ports: [...LIVE.ports, 'egress 9090/TCP'].sort(),
    });
  });

  it('postgresql: the live cluster, recording history in the database of a Secret', () => {
    expect(summary('deploy/kubernetes/overlays/postgresql')).toEqual({
      ...LIVE,
      objects: [...LIVE.objects, 'NetworkPolicy/mesh-posture-postgresql'].sort(),
      env: { ...LIVE.env, MESH_POSTURE_DATABASE_URL: 'secret mesh-posture-database/url' },
      ports: [...LIVE.ports, 'egress 5432/TCP'].sort(),
    });
  });

  it('the opt-in port-forward overlay holds only its ClusterRole and binding, valid against the schemas', () => {
    const objs = rendered.get('deploy/kubernetes/opt-in/portforward') ?? [];
    expect(objs.map(idOf).sort()).toEqual(['ClusterRole/mesh-posture-portforward', 'ClusterRoleBinding/mesh-posture-portforward']);
    for (const o of objs) new (MODELS[`${String(o['apiVersion'])}/${String(o['kind'])}`] as new (data: never) => Validatable)(o as never).validate();
  });
});

describe('the schema check', () => {
  it('rejects what the API server would reject (so the passes above are not vacuous)', () => {
    const deployment = structuredClone(only(rendered.get('deploy/kubernetes') ?? [], 'Deployment'));
    (obj(deployment, 'spec') as Obj)['replicas'] = 'one';
    (list(podSpec([deployment]), 'containers')[0] as Obj)['ports'] = [{ containerPort: 'http' }];
    expect(() => new Deployment(deployment as never).validate()).toThrow(/replicas must be integer|containerPort must be integer/);
  });
});
