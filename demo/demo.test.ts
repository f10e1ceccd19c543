// Static facts of the embedded demo mesh (demo/README.md): size, realism, Istio validity, and that every object
// the README, certificates.yaml and expectations.ts refer to exists. Engine verdicts are asserted elsewhere.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { FINDING_SPECS } from '@/lib/mesh/findings/catalogue';
import { DEMO_EXPECTED } from './expectations';

type Obj = {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    creationTimestamp?: unknown;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    managedFields?: unknown;
    ownerReferences?: { kind: string; name: string }[];
  };
  spec?: Record<string, unknown>;
  status?: Record<string, unknown>;
  data?: Record<string, string>;
};

type Rule = { from?: { source: Record<string, unknown> }[]; to?: { operation: Record<string, unknown> }[] };
type Container = { name: string; ports?: { containerPort: number; name?: string }[]; env?: { name: string; value?: string }[] };

const DEMO_DIR = fileURLToPath(new URL('.', import.meta.url));
const MANIFEST_DIR = join(DEMO_DIR, 'manifests');
const files = readdirSync(MANIFEST_DIR).filter((f) => f.endsWith('.yaml')).sort();

function load(schema: 'core' | 'yaml-1.1'): { file: string; errors: string[]; obj: Obj }[] {
  return files.flatMap((file) =>
    parseAllDocuments(readFileSync(join(MANIFEST_DIR, file), 'utf8'), { schema }).map((doc) => ({
      file,
      errors: doc.errors.map((e) => e.message),
      obj: doc.toJS() as Obj,
    })),
  );
}

const docs = load('core');
const objects = docs.map((d) => d.obj);
const ofKind = (kind: string) => objects.filter((o) => o.kind === kind);
const idOf = (o: Obj) => (o.metadata.namespace ? `${o.kind}/${o.metadata.namespace}/${o.metadata.name}` : `${o.kind}/${o.metadata.name}`);
const namespaces = ofKind('Namespace');
const namespaceNames = new Set(namespaces.map((n) => n.metadata.name));
const pods = ofKind('Pod');
const podKeys = new Set(pods.map((p) => `${p.metadata.namespace}/${p.metadata.name}`));
const ids = new Set(objects.map(idOf));
const spec = (o: Obj) => o.spec ?? {};
const containersOf = (p: Obj) => (spec(p).containers ?? []) as Container[];
const ISTIO_GROUPS = /^(security|networking|telemetry)\.istio\.io\//;
const istioObjects = objects.filter((o) => ISTIO_GROUPS.test(o.apiVersion));

describe('demo manifests', () => {
  it('parse without errors, one namespace per file', () => {
    expect(files.length).toBeGreaterThanOrEqual(12);
    for (const d of docs) expect(d.errors, d.file).toEqual([]);
    for (const o of objects) {
      expect(typeof o.apiVersion, idOf(o)).toBe('string');
      expect(typeof o.metadata?.name, o.kind).toBe('string');
    }
    for (const file of files) {
      const inFile = new Set(docs.filter((d) => d.file === file).map((d) => d.obj.metadata.namespace ?? d.obj.metadata.name));
      expect(inFile.size, file).toBe(1);
    }
  });

  it('has 12–20 namespaces and 140–160 pods', () => {
    expect(namespaces.length).toBeGreaterThanOrEqual(12);
    expect(namespaces.length).toBeLessThanOrEqual(20);
    expect(pods.length).toBeGreaterThanOrEqual(140);
    expect(pods.length).toBeLessThanOrEqual(160);
  });

  it('names every object once and puts every namespaced object in a declared namespace', () => {
    expect(ids.size).toBe(objects.length);
    for (const o of objects) if (o.kind !== 'Namespace') expect(namespaceNames.has(o.metadata.namespace ?? ''), idOf(o)).toBe(true);
  });

  it('holds no Secret, managedFields or last-applied-configuration', () => {
    expect(ofKind('Secret')).toEqual([]);
    for (const o of objects) {
      expect(o.metadata.managedFields, idOf(o)).toBeUndefined();
      expect(o.metadata.annotations?.['kubectl.kubernetes.io/last-applied-configuration'], idOf(o)).toBeUndefined();
    }
  });

  it('quotes timestamps the way kubectl does, so a YAML 1.1 reader still gets strings', () => {
    for (const d of load('yaml-1.1')) expect(typeof d.obj.metadata.creationTimestamp, idOf(d.obj)).toBe('string');
  });

  it('writes pods as the API server returns them', () => {
    for (const p of pods) {
      const status = p.status as { phase?: string; podIP?: string };
      expect(status.phase, idOf(p)).toBe('Running');
      expect(status.podIP, idOf(p)).toMatch(/^10\.(244|20)\./);
      expect(p.metadata.ownerReferences?.length, idOf(p)).toBe(1);
      expect(spec(p).serviceAccountName, idOf(p)).toBeTypeOf('string');
      expect(p.metadata.creationTimestamp, idOf(p)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    }
    const podIPs = pods.filter((p) => !spec(p).hostNetwork).map((p) => (p.status as { podIP: string }).podIP);
    expect(new Set(podIPs).size).toBe(podIPs.length);
  });

  it('injects sidecars, enrols ambient pods and honours opt-outs consistently', () => {
    const nsLabels = (ns: string) => namespaces.find((n) => n.metadata.name === ns)?.metadata.labels ?? {};
    for (const p of pods) {
      const labels = p.metadata.labels ?? {};
      const annotations = p.metadata.annotations ?? {};
      const injected = 'sidecar.istio.io/status' in annotations;
      const ns = nsLabels(p.metadata.namespace ?? '');
      if (ns['istio-injection'] === 'enabled') {
        expect(injected, idOf(p)).toBe(labels['sidecar.istio.io/inject'] !== 'false');
      }
      if (injected) {
        expect(containersOf(p).some((c) => c.name === 'istio-proxy'), idOf(p)).toBe(true);
        expect(labels['security.istio.io/tlsMode'], idOf(p)).toBe('istio');
        expect(labels['service.istio.io/canonical-name'], idOf(p)).toBe(labels.app);
      }
      const ambient = ns['istio.io/dataplane-mode'] === 'ambient' && labels['istio.io/dataplane-mode'] !== 'none';
      expect(annotations['ambient.istio.io/redirection'] === 'enabled', idOf(p)).toBe(ambient);
    }
    const optedOut = pods.filter((p) => p.metadata.labels?.['istio.io/dataplane-mode'] === 'none' && nsLabels(p.metadata.namespace ?? '')['istio.io/dataplane-mode'] === 'ambient');
    expect(optedOut.length).toBeGreaterThanOrEqual(1);
  });

  it('selects pods with every Service, with at least one Service port that differs from its target port', () => {
    let differing = 0;
    for (const s of ofKind('Service')) {
      const selector = spec(s).selector as Record<string, string> | undefined;
      if (!selector) continue;
      const selected = pods.filter((p) => p.metadata.namespace === s.metadata.namespace && Object.entries(selector).every(([k, v]) => p.metadata.labels?.[k] === v));
      expect(selected.length, idOf(s)).toBeGreaterThan(0);
      for (const port of spec(s).ports as { port: number; targetPort: number | string }[]) {
        if (typeof port.targetPort === 'number' && port.targetPort !== port.port) differing += 1;
      }
    }
    expect(differing).toBeGreaterThan(0);
  });
});

describe('demo Istio configuration is what the CRDs and the webhook accept', () => {
  it('uses served API versions and sets creationTimestamp on every policy', () => {
    const allowed = ['security.istio.io/v1', 'security.istio.io/v1beta1', 'networking.istio.io/v1', 'networking.istio.io/v1alpha3', 'telemetry.istio.io/v1'];
    for (const o of istioObjects) {
      expect(allowed, idOf(o)).toContain(o.apiVersion);
      expect(o.metadata.creationTimestamp, idOf(o)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    }
    expect(istioObjects.filter((o) => o.apiVersion === 'security.istio.io/v1beta1')).toHaveLength(1);
    expect(istioObjects.some((o) => o.apiVersion === 'networking.istio.io/v1alpha3')).toBe(true);
  });

  it('keeps portLevelMtls on PeerAuthentications with a selector (PA-7)', () => {
    for (const pa of ofKind('PeerAuthentication')) {
      const s = spec(pa) as { selector?: { matchLabels?: Record<string, string> }; portLevelMtls?: Record<string, unknown> };
      if (s.portLevelMtls === undefined) continue;
      expect(Object.keys(s.selector?.matchLabels ?? {}).length, idOf(pa)).toBeGreaterThan(0);
      for (const port of Object.keys(s.portLevelMtls)) expect(Number(port), idOf(pa)).toBeGreaterThanOrEqual(1);
    }
  });

  it('gives DENY and CUSTOM rules, never mixes serviceAccounts with principals or namespaces, and never sets both selector and targetRefs (Z-5, Z-6)', () => {
    for (const ap of ofKind('AuthorizationPolicy')) {
      const s = spec(ap) as { action?: string; rules?: Rule[]; selector?: unknown; targetRefs?: unknown; provider?: { name: string } };
      if (s.action === 'DENY' || s.action === 'CUSTOM') expect(s.rules?.length, idOf(ap)).toBeGreaterThan(0);
      if (s.action === 'CUSTOM') expect(s.provider?.name, idOf(ap)).toBeTypeOf('string');
      expect(s.selector !== undefined && s.targetRefs !== undefined, idOf(ap)).toBe(false);
      for (const rule of s.rules ?? []) {
        for (const from of rule.from ?? []) {
          expect(Object.keys(from.source).length, idOf(ap)).toBeGreaterThan(0);
          if ('serviceAccounts' in from.source) {
            expect('principals' in from.source || 'namespaces' in from.source, idOf(ap)).toBe(false);
          }
        }
        for (const to of rule.to ?? []) expect(Object.keys(to.operation).length, idOf(ap)).toBeGreaterThan(0);
      }
    }
  });

  it('has a mesh config with the trust domain, an alias, auto mTLS, ext_authz and access-log providers, logging off by default', () => {
    const cm = ofKind('ConfigMap').find((c) => c.metadata.namespace === 'istio-system' && c.metadata.name === 'istio');
    const mesh = parse(cm?.data?.mesh ?? '') as {
      trustDomain: string;
      trustDomainAliases: string[];
      enableAutoMtls: boolean;
      accessLogFile: string;
      extensionProviders: Record<string, unknown>[];
      defaultProviders?: { accessLogging?: unknown };
    };
    expect(mesh.trustDomain).toBe('cluster.local');
    expect(mesh.trustDomainAliases).toContain('old-cluster.local');
    expect(mesh.trustDomainAliases).not.toContain('spire.example.org');
    expect(mesh.enableAutoMtls).toBe(true);
    expect(mesh.accessLogFile).toBe('');
    expect(mesh.defaultProviders?.accessLogging).toBeUndefined();
    expect(mesh.extensionProviders.find((p) => p.name === 'opa-ext-authz')?.envoyExtAuthzGrpc).toEqual(
      expect.objectContaining({ service: 'opa.opa-system.svc.cluster.local', port: 9191 }),
    );
    expect(mesh.extensionProviders.some((p) => 'envoyFileAccessLog' in p)).toBe(true);
  });
});

describe('demo cross-references', () => {
  it('certificates.yaml follows the issuer format and names existing pods with a dataplane', () => {
    const certs = parse(readFileSync(join(DEMO_DIR, 'certificates.yaml'), 'utf8')) as {
      roots: { name: string; trustDomain?: string }[];
      defaults: { root: string };
      pods: Record<string, Record<string, unknown>>;
    };
    expect(certs.roots.map((r) => r.name)).toEqual(['mesh-root', 'legacy-root', 'spire-root']);
    expect(certs.defaults.root).toBe('mesh-root');
    const rootNames = new Set(certs.roots.map((r) => r.name));
    for (const [key, exception] of Object.entries(certs.pods)) {
      expect(podKeys.has(key), key).toBe(true);
      const pod = pods.find((p) => `${p.metadata.namespace}/${p.metadata.name}` === key);
      expect(pod?.metadata.annotations?.['sidecar.istio.io/status'], key).toBeDefined();
      for (const field of ['root', 'trustRoot'] as const) {
        if (field in exception) expect(rootNames.has(String(exception[field])), key).toBe(true);
      }
    }
  });

  it('lists every namespace in the README table, and only those', () => {
    const readme = readFileSync(join(DEMO_DIR, 'README.md'), 'utf8');
    const section = readme.split('## Namespaces')[1]?.split('\n## ')[0] ?? '';
    const listed = [...section.matchAll(/^\| `([a-z0-9-]+)` \|/gm)].map((m) => m[1]);
    expect(new Set(listed)).toEqual(namespaceNames);
  });

  it('expects every phase, for existing namespaces', () => {
    const phases = Object.entries(DEMO_EXPECTED.phases);
    for (const [ns] of phases) expect(namespaceNames.has(ns), ns).toBe(true);
    expect(new Set(phases.map(([, phase]) => phase))).toEqual(new Set([0, 1, 2, 3, 4]));
  });

  it('plants every finding code of the catalogue on objects that exist', () => {
    const findings: Readonly<Record<string, readonly string[]>> = DEMO_EXPECTED.findings;
    expect(Object.keys(findings).sort()).toEqual(FINDING_SPECS.map((s) => s.code).sort());
    for (const [code, objectIds] of Object.entries(findings)) {
      expect(objectIds.length, code).toBeGreaterThan(0);
      for (const id of objectIds) expect(ids.has(id), `${code}: ${id}`).toBe(true);
    }
  });
});
