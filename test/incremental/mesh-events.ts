// A mutable synthetic mesh for the incremental engine's property test and the event benchmark: raw objects as an
// informer cache holds them (an unchanged object keeps its reference; a write replaces it with a new object and a
// new resourceVersion), random single-object events of every kind, and the snapshot built through a parse cache.
import { buildSnapshot } from '@/lib/snapshot/build-snapshot';
import { createParseCache, type ParseCache } from '@/lib/snapshot/parse-cache';
import type { CertificateDetails, MeshSnapshot, ProxyCertificates } from '@/lib/snapshot/types';
import { createPrng, type Prng } from '@/test/synthetic/prng';
import { generateSyntheticMesh, type KubeObject, type SyntheticMeshOptions } from '@/test/synthetic/generate-mesh';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type Obj = { [key: string]: Json };

export const ROOT = 'istio-system';

/** Decodes the fake PEM the events write (`FAKE <serial> <notAfter>`), so tests need no node:crypto. */
export function fakeDecode(pem: string): CertificateDetails[] {
  const [tag, serial, notAfter] = pem.split(' ');
  if (tag !== 'FAKE' || !serial || !notAfter) throw new Error('not a fake PEM');
  return [{ serial, subject: `CN=root-${serial}`, issuer: `CN=root-${serial}`, notBefore: '2025-01-01T00:00:00Z', notAfter, isCA: true, uriSans: [], dnsSans: [] }];
}

const clone = (o: KubeObject): Obj => JSON.parse(JSON.stringify(o)) as Obj;
const obj = (v: Json | undefined): Obj => (v !== null && typeof v === 'object' && !Array.isArray(v) ? v : {});
const meta = (o: Obj): Obj => obj(o['metadata']);

export interface ObjectChange {
  readonly type: 'set' | 'delete';
  readonly object: KubeObject;
}

export class MeshUnderEvents {
  readonly items: KubeObject[];
  proxyCertificates: ProxyCertificates[] = [];
  readonly cache: ParseCache = createParseCache();
  private version = 100_000_000;
  private serial = 0;

  constructor(options: SyntheticMeshOptions) {
    this.items = [...generateSyntheticMesh(options).items];
  }

  snapshot(asOf: string, cache: ParseCache | undefined = this.cache): MeshSnapshot {
    return buildSnapshot(
      this.items.map((raw) => ({ raw })),
      {
        source: 'synthetic',
        asOf,
        decodeCertificates: fakeDecode,
        proxyCertificates: this.proxyCertificates,
        ...(this.proxyCertificates.length > 0 ? {} : { kinds: { ProxyCertificates: { status: 'ok', asOf } } }),
        ...(cache ? { parseCache: cache } : {}),
      },
    );
  }

  private ofKind(kind: string, where: (o: KubeObject) => boolean = () => true): number[] {
    const out: number[] = [];
    this.items.forEach((o, i) => {
      if (o['kind'] === kind && where(o)) out.push(i);
    });
    return out;
  }

  namespaceOf = (o: KubeObject): string => String(meta(o as Obj)['namespace'] ?? meta(o as Obj)['name']);
  private inRoot = (o: KubeObject) => this.namespaceOf(o) === ROOT;
  private notRoot = (o: KubeObject) => this.namespaceOf(o) !== ROOT;

  /** Replaces item i by a changed copy with a new resourceVersion, as a write through the API server does. */
  private write(i: number, change: (o: Obj) => void): void {
    const copy = clone(this.items[i]!);
    change(copy);
    meta(copy)['resourceVersion'] = String(++this.version);
    this.items[i] = copy as KubeObject;
    this.changes.push({ type: 'set', object: copy as KubeObject });
  }

  private add(o: Obj): void {
    meta(o)['resourceVersion'] = String(++this.version);
    meta(o)['uid'] = `00000000-0000-4000-8000-${String(++this.serial).padStart(12, '0')}`;
    this.items.push(o as KubeObject);
    this.changes.push({ type: 'set', object: o as KubeObject });
  }

  private remove(i: number): void {
    for (const object of this.items.splice(i, 1)) this.changes.push({ type: 'delete', object });
  }

  private changes: ObjectChange[] = [];

  /**
   * The writes (an added or replaced object: its new version) and deletions since the last call, in order: what a
   * watch on these kinds would have delivered (for the event benchmark's informer-like caches).
   */
  takeChanges(): ObjectChange[] {
    const out = this.changes;
    this.changes = [];
    return out;
  }

  private namespaces(prng: Prng, root: boolean): string {
    const names = this.ofKind('Namespace', root ? () => true : this.notRoot).map((i) => this.namespaceOf(this.items[i]!));
    return prng.pick(names);
  }

  /** Applies one random event; returns its name (for failure messages and the benchmark's classes). */
  apply(prng: Prng, events: readonly MeshEvent[] = MESH_EVENTS): string {
    for (let attempt = 0; attempt < 10; attempt++) {
      const event = prng.pick(events);
      if (this.run(event, prng)) return event;
    }
    return 'none';
  }

  run(event: MeshEvent, prng: Prng): boolean {
    const pick = (kind: string, where?: (o: KubeObject) => boolean): number | null => {
      const list = this.ofKind(kind, where);
      return list.length === 0 ? null : prng.pick(list);
    };
    switch (event) {
      case 'pod-labels': {
        const i = pick('Pod', this.notRoot);
        if (i === null) return false;
        this.write(i, (o) => (obj(meta(o)['labels'])['version'] = `v${prng.int(1, 4)}`));
        return true;
      }
      case 'pod-delete': {
        const i = pick('Pod', this.notRoot);
        if (i === null) return false;
        this.remove(i);
        return true;
      }
      case 'pod-add': {
        const i = pick('Pod', this.notRoot);
        if (i === null) return false;
        const o = clone(this.items[i]!);
        meta(o)['name'] = `${String(meta(o)['name'])}-x${++this.serial}`;
        this.add(o);
        return true;
      }
      case 'pod-loses-sidecar': {
        const i = pick('Pod', this.notRoot);
        if (i === null) return false;
        this.write(i, (o) => {
          delete obj(meta(o)['annotations'])['sidecar.istio.io/status'];
          const spec = obj(o['spec']);
          spec['containers'] = (Array.isArray(spec['containers']) ? spec['containers'] : []).filter((c) => obj(c)['name'] !== 'istio-proxy');
          spec['initContainers'] = [];
        });
        return true;
      }
      case 'pod-env-names-other-namespace': {
        const i = pick('Pod', this.notRoot);
        const s = pick('Service');
        if (i === null || s === null) return false;
        const svc = this.items[s]!;
        const host = `http://${String(meta(svc as Obj)['name'])}.${this.namespaceOf(svc)}.svc.cluster.local:80`;
        // Without a sidecar it is a likely plaintext client of that Service's pods (MP105/MP106 across namespaces).
        this.write(i, (o) => {
          delete obj(meta(o)['annotations'])['sidecar.istio.io/status'];
          const spec = obj(o['spec']);
          const containers = (Array.isArray(spec['containers']) ? spec['containers'] : []).filter((c) => obj(c)['name'] !== 'istio-proxy');
          spec['containers'] = containers;
          spec['initContainers'] = [];
          obj(containers[0])['env'] = [{ name: 'PEER', value: host }];
        });
        return true;
      }
      case 'plaintext-client-delete': {
        const i = pick('Pod', (o) => JSON.stringify(o).includes('"name":"PEER"'));
        if (i === null) return false;
        this.remove(i);
        return true;
      }
      case 'service-selector': {
        const i = pick('Service', this.notRoot);
        if (i === null) return false;
        this.write(i, (o) => (obj(o['spec'])['selector'] = { app: prng.pick(['api', 'web', 'cache', 'nothing']) }));
        return true;
      }
      case 'namespace-labels': {
        const i = pick('Namespace', this.notRoot);
        if (i === null) return false;
        const label = prng.pick([{ 'istio-injection': 'enabled' }, { 'istio.io/dataplane-mode': 'ambient' }, {}]);
        this.write(i, (o) => {
          const labels = obj(meta(o)['labels']);
          delete labels['istio-injection'];
          delete labels['istio.io/dataplane-mode'];
          Object.assign(labels, label);
        });
        return true;
      }
      case 'peer-authentication-mode':
      case 'root-peer-authentication-mode': {
        const i = pick('PeerAuthentication', event === 'root-peer-authentication-mode' ? this.inRoot : this.notRoot);
        if (i === null) return false;
        this.write(i, (o) => (obj(o['spec'])['mtls'] = { mode: prng.pick(['STRICT', 'PERMISSIVE', 'DISABLE']) }));
        return true;
      }
      case 'peer-authentication-add':
      case 'root-peer-authentication-add': {
        const ns = event === 'root-peer-authentication-add' ? ROOT : this.namespaces(prng, false);
        const spec: Obj = { mtls: { mode: prng.pick(['STRICT', 'PERMISSIVE', 'DISABLE']) } };
        if (prng.int(0, 1) === 1) {
          spec['selector'] = { matchLabels: { app: prng.pick(['api', 'web', 'cache']) } };
          if (prng.int(0, 2) === 0) spec['portLevelMtls'] = { '8080': { mode: 'DISABLE' } };
        }
        this.add({
          apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication',
          metadata: { name: `pa-${++this.serial}`, namespace: ns, creationTimestamp: '2026-04-01T00:00:00Z' },
          spec,
        });
        return true;
      }
      case 'authorization-policy-add':
      case 'root-authorization-policy-add': {
        const ns = event === 'root-authorization-policy-add' ? ROOT : this.namespaces(prng, false);
        const spec = prng.pick<Obj>([
          {},
          { action: 'DENY', rules: [{ to: [{ operation: { paths: ['/admin'] } }] }] },
          { selector: { matchLabels: { app: prng.pick(['api', 'web', 'cache']) } }, rules: [{ from: [{ source: { principals: ['other.domain/ns/x/sa/y'] } }] }] },
          { action: 'CUSTOM', provider: { name: 'ext-authz' }, rules: [{}] },
        ]);
        this.add({ apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name: `ap-${++this.serial}`, namespace: ns }, spec });
        return true;
      }
      case 'authorization-policy-delete': {
        const i = pick('AuthorizationPolicy', this.notRoot);
        if (i === null) return false;
        this.remove(i);
        return true;
      }
      case 'request-authentication-add': {
        const ns = this.namespaces(prng, false);
        this.add({
          apiVersion: 'security.istio.io/v1', kind: 'RequestAuthentication',
          metadata: { name: `ra-${++this.serial}`, namespace: ns },
          spec: { selector: { matchLabels: { app: prng.pick(['api', 'web', 'nothing']) } }, jwtRules: [{ issuer: 'https://issuer.example.com' }] },
        });
        return true;
      }
      case 'destination-rule-tls': {
        const i = pick('DestinationRule');
        if (i === null) return false;
        this.write(i, (o) => (obj(obj(o['spec'])['trafficPolicy'])['tls'] = { mode: prng.pick(['DISABLE', 'ISTIO_MUTUAL', 'SIMPLE']) }));
        return true;
      }
      case 'waypoint-add': {
        // A waypoint Gateway (istio.io ambient/usage/waypoint), for service, workload or all traffic.
        const ns = this.namespaces(prng, false);
        this.add({
          apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway',
          metadata: { name: prng.pick(['waypoint', 'other-waypoint']), namespace: ns, labels: { 'istio.io/waypoint-for': prng.pick(['service', 'workload', 'all']) } },
          spec: { gatewayClassName: 'istio-waypoint', listeners: [{ name: 'mesh', port: 15008, protocol: 'HBONE' }] },
        });
        return true;
      }
      case 'use-waypoint-label': {
        // istio.io/use-waypoint on a namespace, Service or pod: an existing, missing or opted-out waypoint.
        const kind = prng.pick(['Namespace', 'Service', 'Pod']);
        const i = pick(kind, this.notRoot);
        if (i === null) return false;
        const value = prng.pick(['waypoint', 'missing-waypoint', 'none']);
        this.write(i, (o) => {
          const m = meta(o);
          m['labels'] = { ...obj(m['labels'] ?? {}), 'istio.io/use-waypoint': value };
        });
        return true;
      }
      case 'waypoint-policy-add': {
        // A targetRefs policy (Gateway or Service) and a selector policy allowing only one client identity.
        const ns = this.namespaces(prng, false);
        const spec = prng.pick<Obj>([
          { targetRefs: [{ kind: 'Gateway', group: 'gateway.networking.k8s.io', name: 'waypoint' }], rules: [{ to: [{ operation: { methods: ['GET'] } }] }] },
          { targetRefs: [{ kind: 'Service', group: '', name: prng.pick(['api', 'web', 'nothing']) }], rules: [{ from: [{ source: { principals: ['cluster.local/ns/x/sa/y'] } }] }] },
          { selector: { matchLabels: { app: prng.pick(['api', 'web']) } }, rules: [{ from: [{ source: { principals: ['cluster.local/ns/x/sa/y'] } }] }] },
        ]);
        this.add({ apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name: `wap-${++this.serial}`, namespace: ns }, spec });
        return true;
      }
      case 'telemetry-add': {
        const ns = this.namespaces(prng, false);
        this.add({ apiVersion: 'telemetry.istio.io/v1', kind: 'Telemetry', metadata: { name: `tel-${++this.serial}`, namespace: ns }, spec: { accessLogging: [{ providers: [{ name: 'envoy' }] }] } });
        return true;
      }
      case 'mesh-config': {
        const i = pick('ConfigMap', (o) => meta(o as Obj)['name'] === 'istio');
        if (i === null) return false;
        this.write(i, (o) => {
          const data = obj(o['data']);
          const text = String(data['mesh']);
          data['mesh'] = text.includes('trustDomain: cluster.local') ? text.replace(/trustDomain: .*/, 'trustDomain: corp.example') : text.replace(/trustDomain: .*/, 'trustDomain: cluster.local');
        });
        return true;
      }
      case 'root-cert-configmap': {
        const ns = this.namespaces(prng, false);
        const notAfter = prng.pick(['2026-05-10T00:00:00Z', '2027-01-01T00:00:00Z']);
        this.add({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'istio-ca-root-cert', namespace: ns }, data: { 'root-cert.pem': `FAKE r${prng.int(1, 3)} ${notAfter}` } });
        return true;
      }
      case 'proxy-certificate': {
        const i = pick('Pod', this.notRoot);
        if (i === null) return false;
        const pod = meta(this.items[i]! as Obj);
        const notAfter = prng.pick(['2026-05-01T06:00:00Z', '2026-05-01T20:00:00Z', '2026-04-30T00:00:00Z']);
        const namespace = String(pod['namespace']);
        const leaf: CertificateDetails = {
          serial: `s${++this.serial}`, subject: '', issuer: 'CN=root', notBefore: '2026-04-30T12:00:00Z', notAfter, isCA: false,
          uriSans: [`spiffe://${prng.pick(['cluster.local', 'other.domain'])}/ns/${namespace}/sa/default`], dnsSans: [],
        };
        this.proxyCertificates = [
          ...this.proxyCertificates,
          { namespace, pod: String(pod['name']), origin: 'envoy-certs', asOf: '2026-05-01T00:00:00Z', chain: [leaf], roots: [fakeDecode(`FAKE r${prng.int(1, 3)} 2026-05-20T00:00:00Z`)[0]!], warmingSecrets: [] },
        ];
        return true;
      }
    }
  }
}

export const MESH_EVENTS = [
  'pod-labels',
  'pod-delete',
  'pod-add',
  'pod-loses-sidecar',
  'pod-env-names-other-namespace',
  'plaintext-client-delete',
  'service-selector',
  'namespace-labels',
  'peer-authentication-mode',
  'peer-authentication-add',
  'root-peer-authentication-mode',
  'root-peer-authentication-add',
  'authorization-policy-add',
  'root-authorization-policy-add',
  'authorization-policy-delete',
  'request-authentication-add',
  'destination-rule-tls',
  'telemetry-add',
  'waypoint-add',
  'use-waypoint-label',
  'waypoint-policy-add',
  'mesh-config',
  'root-cert-configmap',
  'proxy-certificate',
] as const;
export type MeshEvent = (typeof MESH_EVENTS)[number];

export { createPrng };
