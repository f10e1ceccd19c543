// The shipped Kubernetes manifests (deploy/) against the security ground rules of ARCHITECTURE.md §5: read-only
// RBAC on named resources, no Secrets, no exec/attach, no wildcards, port-forward only as an opt-in overlay, and a
// locked-down pod. Lives in test/ because vitest's include globs do not cover deploy/.
//
// Each rule is a function from the parsed manifests to a list of violations. It is run twice: on the shipped files
// (no violations) and on a fixture that breaks exactly that rule (at least one violation), so no rule can pass
// vacuously, e.g. because a refactor renamed the object it looks for.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';

const ROOT = path.resolve(__dirname, '..');
const DEPLOY = path.join(ROOT, 'deploy');
const BASE = path.join(DEPLOY, 'kubernetes', 'base');
/** The live cluster overlay (the default install), which holds the read-only ClusterRole. */
const CLUSTER_OVERLAY = path.join(DEPLOY, 'kubernetes', 'overlays', 'cluster');
const PORT_FORWARD_OVERLAY = path.join(DEPLOY, 'kubernetes', 'opt-in', 'portforward');

type Obj = Readonly<Record<string, unknown>>;

interface Manifest {
  /** Path relative to the repository root. */
  readonly file: string;
  readonly doc: Obj;
}

interface Manifests {
  readonly all: readonly Manifest[];
  /** The `resources:` of deploy/kubernetes/base/kustomization.yaml. */
  readonly baseResources: readonly string[];
}

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const objAt = (o: unknown, key: string): Obj => (isObj(o) && isObj(o[key]) ? o[key] : {});
const listAt = (o: unknown, key: string): readonly unknown[] => (isObj(o) && Array.isArray(o[key]) ? o[key] : []);
const strings = (o: unknown, key: string): readonly string[] => listAt(o, key).map(String);
const nameOf = (m: Manifest) => `${String(m.doc['kind'])}/${String(objAt(m.doc, 'metadata')['name'])} (${m.file})`;

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return yamlFiles(full);
    return /\.ya?ml$/.test(e.name) ? [full] : [];
  });
}

function parseYaml(text: string, file: string): Obj[] {
  return parseAllDocuments(text).flatMap((d) => {
    if (d.errors.length > 0) throw new Error(`${file}: ${d.errors.map((e) => e.message).join('; ')}`);
    const value: unknown = d.toJS();
    return isObj(value) ? [value] : [];
  });
}

/** Every YAML document under deploy/, plus the inline patches of kustomizations (they can add RBAC rules too). */
function loadShipped(): Manifests {
  const all: Manifest[] = [];
  for (const full of yamlFiles(DEPLOY)) {
    const file = path.relative(ROOT, full);
    for (const doc of parseYaml(readFileSync(full, 'utf8'), file)) {
      all.push({ file, doc });
      for (const p of listAt(doc, 'patches')) {
        const text = isObj(p) ? p['patch'] : undefined;
        if (typeof text === 'string') for (const patch of parseYaml(text, `${file} (patch)`)) all.push({ file: `${file} (patch)`, doc: patch });
      }
    }
  }
  const kustomization = all.find((m) => m.file === path.relative(ROOT, path.join(BASE, 'kustomization.yaml')));
  return { all, baseResources: kustomization ? strings(kustomization.doc, 'resources') : [] };
}

// ---- what the engine reads, from lib/snapshot/kind-routes.ts ----------------------------------------------------

interface Permission {
  readonly group: string;
  readonly resource: string;
}

/** Kubernetes' plural for a kind (the kinds the engine reads follow the regular rules; irregular ones go here). */
const IRREGULAR_PLURALS: Readonly<Record<string, string>> = { endpoints: 'endpoints' };
function pluralOf(kind: string): string {
  const k = kind.toLowerCase();
  if (IRREGULAR_PLURALS[k]) return IRREGULAR_PLURALS[k];
  if (/[^aeiou]y$/.test(k)) return `${k.slice(0, -1)}ies`;
  if (/(s|x|ch|sh)$/.test(k)) return `${k}es`;
  return `${k}s`;
}

/**
 * The kinds the engine reads: the ROUTES entries whose route is a collection or the configmap reader. ROUTES is not
 * exported, so its source is parsed; the count check below fails if the parse stops seeing an entry.
 */
function engineKinds(source: string): { readonly kinds: readonly Permission[]; readonly routeCount: number } {
  const block = /const ROUTES[^{]*\{([\s\S]*?)\n\};/.exec(source)?.[1] ?? '';
  const entries = [...block.matchAll(/'([a-z0-9.]*)\/([A-Za-z]+)':\s*\{[^\n]*?route:\s*\{\s*type:\s*'([a-z]+)'/g)];
  const kinds = entries
    .filter((m) => m[3] === 'collection' || m[3] === 'configmap')
    .map((m) => ({ group: m[1] ?? '', resource: pluralOf(m[2] ?? '') }));
  return { kinds, routeCount: (block.match(/route:\s*\{/g) ?? []).length };
}

const KIND_ROUTES_SOURCE = readFileSync(path.join(ROOT, 'lib', 'snapshot', 'kind-routes.ts'), 'utf8');
const ENGINE = engineKinds(KIND_ROUTES_SOURCE);

// ---- the rules --------------------------------------------------------------------------------------------------

const READ_VERBS = new Set(['get', 'list', 'watch']);
const FORBIDDEN_RESOURCES = new Set(['secrets', 'pods/exec', 'pods/attach', 'nodes/proxy', 'services/proxy']);
const FORBIDDEN_VERBS = new Set(['escalate', 'bind', 'impersonate']);
const RBAC_FIELDS = ['apiGroups', 'resources', 'verbs', 'resourceNames', 'nonResourceURLs'] as const;

const isRole = (m: Manifest) => m.doc['kind'] === 'Role' || m.doc['kind'] === 'ClusterRole';
const roles = (ms: Manifests) => ms.all.filter(isRole);
const rulesOf = (m: Manifest): readonly Obj[] => listAt(m.doc, 'rules').filter(isObj);
const isPortForwardOverlay = (m: Manifest) => m.file.startsWith(path.relative(ROOT, PORT_FORWARD_OVERLAY) + path.sep);
/** In the live cluster install: a file of the cluster overlay (test/deploy-kustomize.test.ts checks what it renders). */
const inClusterInstall = (m: Manifest) => m.file.startsWith(path.relative(ROOT, CLUSTER_OVERLAY) + path.sep) && !m.file.endsWith('(patch)');

function podSpecs(ms: Manifests): { readonly owner: string; readonly spec: Obj }[] {
  return ms.all
    .filter((m) => ['Deployment', 'StatefulSet', 'DaemonSet', 'Job'].includes(String(m.doc['kind'])) && !m.file.endsWith('(patch)'))
    .map((m) => ({ owner: nameOf(m), spec: objAt(objAt(objAt(m.doc, 'spec'), 'template'), 'spec') }));
}

function containers(ms: Manifests): { readonly where: string; readonly pod: Obj; readonly container: Obj }[] {
  return podSpecs(ms).flatMap(({ owner, spec }) =>
    [...listAt(spec, 'initContainers'), ...listAt(spec, 'containers')].filter(isObj).map((c) => ({ where: `${owner} container ${String(c['name'])}`, pod: spec, container: c })),
  );
}

interface Rule {
  readonly description: string;
  readonly violations: (ms: Manifests) => string[];
  /** Shipped manifests with this one rule broken. */
  readonly broken: (ms: Manifests) => Manifests;
}

const withExtra = (ms: Manifests, ...docs: Obj[]): Manifests => ({ ...ms, all: [...ms.all, ...docs.map((doc) => ({ file: 'deploy/kubernetes/bad.yaml', doc }))] });
const aClusterRole = (...rules: Obj[]): Obj => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'bad' }, rules });
const mapDocs = (ms: Manifests, kind: string, f: (doc: Obj) => Obj): Manifests => ({
  ...ms,
  all: ms.all.map((m) => (m.doc['kind'] === kind ? { ...m, doc: f(m.doc) } : m)),
});
const mapFirstContainer = (ms: Manifests, f: (c: Obj) => Obj): Manifests =>
  mapDocs(ms, 'Deployment', (d) => {
    const spec = objAt(d, 'spec');
    const template = objAt(spec, 'template');
    const podSpec = objAt(template, 'spec');
    const [first, ...rest] = listAt(podSpec, 'containers').filter(isObj);
    const cs = first ? [f(first), ...rest] : [];
    return { ...d, spec: { ...spec, template: { ...template, spec: { ...podSpec, containers: cs } } } };
  });
const mapContainerSecurity = (ms: Manifests, f: (sc: Obj) => Obj) => mapFirstContainer(ms, (c) => ({ ...c, securityContext: f(objAt(c, 'securityContext')) }));
const withoutPodRunAsNonRoot = (ms: Manifests) =>
  mapDocs(ms, 'Deployment', (d) => {
    const spec = objAt(d, 'spec');
    const template = objAt(spec, 'template');
    const podSpec = objAt(template, 'spec');
    return { ...d, spec: { ...spec, template: { ...template, spec: { ...podSpec, securityContext: { ...objAt(podSpec, 'securityContext'), runAsNonRoot: false } } } } };
  });

function grants(ms: Manifests, p: Permission, verb: string): boolean {
  return roles(ms)
    .filter(inClusterInstall)
    .some((m) =>
      rulesOf(m).some(
        (r) => strings(r, 'apiGroups').includes(p.group) && strings(r, 'resources').includes(p.resource) && strings(r, 'verbs').includes(verb) && strings(r, 'resourceNames').length === 0,
      ),
    );
}

const RULES: readonly Rule[] = [
  {
    description: 'every Role/ClusterRole rule uses only get, list and watch, except the opt-in port-forward role',
    violations: (ms) =>
      roles(ms)
        .filter((m) => !isPortForwardOverlay(m))
        .flatMap((m) => rulesOf(m).flatMap((r) => strings(r, 'verbs').filter((v) => !READ_VERBS.has(v)).map((v) => `${nameOf(m)}: verb ${v}`))),
    broken: (ms) => withExtra(ms, aClusterRole({ apiGroups: [''], resources: ['configmaps'], verbs: ['get', 'patch'] })),
  },
  {
    description: 'the opt-in port-forward role grants exactly create on pods/portforward, and nothing else',
    violations: (ms) => {
      const pf = roles(ms).filter(isPortForwardOverlay);
      if (pf.length !== 1) return [`expected one role in the port-forward overlay, found ${pf.length}`];
      const expected = [{ apiGroups: [''], resources: ['pods/portforward'], verbs: ['create'] }];
      const actual = rulesOf(pf[0] as Manifest).map((r) => ({ apiGroups: strings(r, 'apiGroups'), resources: strings(r, 'resources'), verbs: strings(r, 'verbs') }));
      return JSON.stringify(actual) === JSON.stringify(expected) ? [] : [`${nameOf(pf[0] as Manifest)}: ${JSON.stringify(actual)}`];
    },
    broken: (ms) => ({
      ...ms,
      all: ms.all.map((m) => (isRole(m) && isPortForwardOverlay(m) ? { ...m, doc: { ...m.doc, rules: [{ apiGroups: [''], resources: ['pods/portforward', 'pods/exec'], verbs: ['create'] }] } } : m)),
    }),
  },
  {
    description: 'no wildcard in apiGroups, resources, verbs, resourceNames or nonResourceURLs anywhere',
    violations: (ms) =>
      ms.all.flatMap((m) =>
        listAt(m.doc, 'rules')
          .filter(isObj)
          .flatMap((r) => RBAC_FIELDS.flatMap((f) => strings(r, f).filter((v) => v.includes('*')).map((v) => `${nameOf(m)}: ${f} ${v}`))),
      ),
    broken: (ms) => withExtra(ms, aClusterRole({ apiGroups: ['security.istio.io'], resources: ['*'], verbs: ['get'] })),
  },
  {
    description: 'no secrets, pods/exec, pods/attach, nodes/proxy or services/proxy in any rule',
    violations: (ms) =>
      roles(ms).flatMap((m) => rulesOf(m).flatMap((r) => strings(r, 'resources').filter((x) => FORBIDDEN_RESOURCES.has(x)).map((x) => `${nameOf(m)}: ${x}`))),
    broken: (ms) => withExtra(ms, aClusterRole({ apiGroups: [''], resources: ['secrets'], verbs: ['get'] })),
  },
  {
    description: 'no escalate, bind or impersonate verb in any rule (opt-in overlays included)',
    violations: (ms) =>
      roles(ms).flatMap((m) => rulesOf(m).flatMap((r) => strings(r, 'verbs').filter((v) => FORBIDDEN_VERBS.has(v)).map((v) => `${nameOf(m)}: ${v}`))),
    broken: (ms) => withExtra(ms, aClusterRole({ apiGroups: ['rbac.authorization.k8s.io'], resources: ['clusterroles'], verbs: ['escalate'] })),
  },
  {
    description: 'pods/proxy is granted with get only',
    violations: (ms) =>
      roles(ms).flatMap((m) =>
        rulesOf(m)
          .filter((r) => strings(r, 'resources').includes('pods/proxy'))
          .flatMap((r) => strings(r, 'verbs').filter((v) => v !== 'get').map((v) => `${nameOf(m)}: pods/proxy ${v}`)),
      ),
    broken: (ms) => withExtra(ms, aClusterRole({ apiGroups: [''], resources: ['pods/proxy'], verbs: ['get', 'list'] })),
  },
  {
    description: 'the base kustomization lists only its own files, never an opt-in overlay',
    violations: (ms) => {
      if (ms.baseResources.length === 0) return ['deploy/kubernetes/base/kustomization.yaml lists no resources'];
      return ms.baseResources.filter((r) => r.includes('/') || r.includes('opt-in')).map((r) => `base resource ${r}`);
    },
    broken: (ms) => ({ ...ms, baseResources: [...ms.baseResources, 'opt-in/portforward'] }),
  },
  {
    description: 'every kind the engine reads (kind-routes.ts) is granted get, list and watch by the live cluster install',
    violations: (ms) =>
      ENGINE.kinds.flatMap((p) =>
        [...READ_VERBS].filter((v) => !grants(ms, p, v)).map((v) => `${p.group || 'core'}/${p.resource}: ${v} not granted`),
      ),
    broken: (ms) => ({
      ...ms,
      all: ms.all.map((m) =>
        isRole(m) && inClusterInstall(m)
          ? { ...m, doc: { ...m.doc, rules: rulesOf(m).map((r) => ({ ...r, resources: strings(r, 'resources').filter((x) => x !== 'telemetries') })) } }
          : m,
      ),
    }),
  },
  {
    description: 'every container runs as non-root (container or pod securityContext)',
    violations: (ms) =>
      containers(ms)
        .filter(({ pod, container }) => (objAt(container, 'securityContext')['runAsNonRoot'] ?? objAt(pod, 'securityContext')['runAsNonRoot']) !== true)
        .map(({ where }) => where),
    broken: (ms) => withoutPodRunAsNonRoot(mapContainerSecurity(ms, (sc) => ({ ...sc, runAsNonRoot: false }))),
  },
  {
    description: 'every container sets allowPrivilegeEscalation: false',
    violations: (ms) => containers(ms).filter(({ container }) => objAt(container, 'securityContext')['allowPrivilegeEscalation'] !== false).map(({ where }) => where),
    broken: (ms) => mapContainerSecurity(ms, (sc) => ({ ...sc, allowPrivilegeEscalation: true })),
  },
  {
    description: 'every container drops ALL capabilities and adds none',
    violations: (ms) =>
      containers(ms)
        .filter(({ container }) => {
          const caps = objAt(objAt(container, 'securityContext'), 'capabilities');
          return !strings(caps, 'drop').includes('ALL') || strings(caps, 'add').length > 0;
        })
        .map(({ where }) => where),
    broken: (ms) => mapContainerSecurity(ms, (sc) => ({ ...sc, capabilities: { drop: ['NET_RAW'] } })),
  },
  {
    description: 'every container has a read-only root filesystem',
    violations: (ms) => containers(ms).filter(({ container }) => objAt(container, 'securityContext')['readOnlyRootFilesystem'] !== true).map(({ where }) => where),
    broken: (ms) => mapContainerSecurity(ms, (sc) => ({ ...sc, readOnlyRootFilesystem: false })),
  },
  {
    description: 'the access token comes from a Secret reference, and anonymous mode is never switched on',
    violations: (ms) =>
      containers(ms).flatMap(({ where, container }) => {
        const env = listAt(container, 'env').filter(isObj);
        const token = env.find((e) => e['name'] === 'MESH_POSTURE_TOKEN');
        const out: string[] = [];
        if (!token || token['value'] !== undefined || !isObj(objAt(token, 'valueFrom')['secretKeyRef'])) out.push(`${where}: MESH_POSTURE_TOKEN is not a secretKeyRef`);
        if (env.some((e) => e['name'] === 'MESH_POSTURE_ANONYMOUS')) out.push(`${where}: MESH_POSTURE_ANONYMOUS is set`);
        return out;
      }),
    broken: (ms) => mapFirstContainer(ms, (c) => ({ ...c, env: [...listAt(c, 'env'), { name: 'MESH_POSTURE_ANONYMOUS', value: 'true' }] })),
  },
  {
    description: 'no Secret with data is shipped',
    violations: (ms) =>
      ms.all
        .filter((m) => m.doc['kind'] === 'Secret' && (Object.keys(objAt(m.doc, 'data')).length > 0 || Object.keys(objAt(m.doc, 'stringData')).length > 0))
        .map(nameOf),
    broken: (ms) => withExtra(ms, { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'mesh-posture-token' }, stringData: { token: 'x'.repeat(32) } }),
  },
  {
    description: 'every Service is ClusterIP (exposure is the operator’s choice, behind TLS and authentication)',
    violations: (ms) =>
      ms.all
        .filter((m) => m.doc['kind'] === 'Service' && (objAt(m.doc, 'spec')['type'] ?? 'ClusterIP') !== 'ClusterIP')
        .map(nameOf),
    broken: (ms) => mapDocs(ms, 'Service', (s) => ({ ...s, spec: { ...objAt(s, 'spec'), type: 'LoadBalancer' } })),
  },
];

const SHIPPED = loadShipped();

describe('deploy/ manifests', () => {
  it('finds the shipped objects it checks', () => {
    const kinds = new Set(SHIPPED.all.map((m) => m.doc['kind']));
    expect([...kinds].filter((k) => ['ClusterRole', 'ClusterRoleBinding', 'Deployment', 'Service', 'NetworkPolicy', 'ServiceAccount', 'Namespace'].includes(String(k))).sort()).toEqual(
      ['ClusterRole', 'ClusterRoleBinding', 'Deployment', 'Namespace', 'NetworkPolicy', 'Service', 'ServiceAccount'],
    );
  });

  it('reads every route of kind-routes.ts, so a kind added to the engine is checked for RBAC', () => {
    expect(ENGINE.routeCount).toBeGreaterThan(0);
    // Every route entry was parsed (ignored/error routes would be counted too, but ROUTES holds none today)...
    expect(ENGINE.kinds.length).toBe(ENGINE.routeCount);
    // ...and the plurals are the API server's.
    expect(ENGINE.kinds).toContainEqual({ group: 'security.istio.io', resource: 'authorizationpolicies' });
    expect(ENGINE.kinds).toContainEqual({ group: 'telemetry.istio.io', resource: 'telemetries' });
    expect(ENGINE.kinds).toContainEqual({ group: '', resource: 'configmaps' });
  });

  it('would notice a kind added to the engine without RBAC', () => {
    const added = engineKinds(KIND_ROUTES_SOURCE.replace("const ROUTES: Readonly<Record<string, RouteSpec>> = {", "const ROUTES: Readonly<Record<string, RouteSpec>> = {\n  'networking.istio.io/Sidecar': { versions: NETWORKING, route: { type: 'collection', collection: 'sidecars' } },"));
    expect(added.kinds).toContainEqual({ group: 'networking.istio.io', resource: 'sidecars' });
    expect(grants(SHIPPED, { group: 'networking.istio.io', resource: 'sidecars' }, 'list')).toBe(false);
  });

  describe.each(RULES)('$description', (rule) => {
    it('holds for the shipped manifests', () => {
      expect(rule.violations(SHIPPED)).toEqual([]);
    });
    it('fails when broken', () => {
      expect(rule.violations(rule.broken(SHIPPED)).length).toBeGreaterThan(0);
    });
  });
});
