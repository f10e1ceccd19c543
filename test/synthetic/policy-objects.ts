// Istio policies of the synthetic mesh (security.istio.io/v1, networking.istio.io/v1), as `kubectl get -o json`
// returns them. Every object passes the engine's parsers and Istio's webhook validation (lib/snapshot/parse).
import type { Prng } from './prng';
import { resourceVersion, timestamp, type JsonObject, type KubeObject } from './core-objects';
import { ROOT_NAMESPACE, type NamespacePlan, type PolicyKind, type PolicyPlan, type WorkloadPlan } from './mesh-plan';

const SECURITY = 'security.istio.io/v1';
const NETWORKING = 'networking.istio.io/v1';

export const POLICY_OBJECT_KIND: Readonly<Record<PolicyKind, string>> = {
  'namespace-peer-authentication': 'PeerAuthentication',
  'workload-peer-authentication': 'PeerAuthentication',
  allow: 'AuthorizationPolicy',
  deny: 'AuthorizationPolicy',
  'request-authentication': 'RequestAuthentication',
  'destination-rule': 'DestinationRule',
};

function metadata(prng: Prng, namespace: string, name: string, generation: number): JsonObject {
  return {
    creationTimestamp: timestamp(prng, 400, 1),
    generation,
    name,
    namespace,
    resourceVersion: resourceVersion(prng),
    uid: prng.uid(),
  };
}

const principal = (ns: string, sa: string): string => `cluster.local/ns/${ns}/sa/${sa}`;

/** The mesh-wide PeerAuthentication: no selector, in the root namespace (PA-3). */
export function meshWidePeerAuthentication(prng: Prng): KubeObject {
  return { apiVersion: SECURITY, kind: 'PeerAuthentication', metadata: metadata(prng, ROOT_NAMESPACE, 'default', 1), spec: { mtls: { mode: 'STRICT' } } };
}

function namespaceMode(prng: Prng, ns: NamespacePlan): string {
  if (ns.dataplane === 'none') return prng.weighted([['PERMISSIVE', 7], ['DISABLE', 3]]);
  if (ns.dataplane === 'ambient') return prng.weighted([['STRICT', 6], ['PERMISSIVE', 4]]);
  return prng.weighted([['STRICT', 5], ['PERMISSIVE', 4], ['UNSET', 1]]);
}

function peerAuthentication(prng: Prng, ns: NamespacePlan, p: PolicyPlan, w: WorkloadPlan | undefined): KubeObject {
  if (p.kind === 'namespace-peer-authentication' || !w) {
    const mode = namespaceMode(prng, ns);
    return { apiVersion: SECURITY, kind: 'PeerAuthentication', metadata: metadata(prng, ns.name, 'default', 1), spec: mode === 'UNSET' ? {} : { mtls: { mode } } };
  }
  // The usual exception: STRICT for the workload, the metrics port left PERMISSIVE for a scraper outside the mesh.
  const port = w.metricsPort ?? w.appPort;
  return {
    apiVersion: SECURITY,
    kind: 'PeerAuthentication',
    metadata: metadata(prng, ns.name, `${w.name}-mtls-${p.slot}`, prng.int(1, 3)),
    spec: {
      mtls: { mode: prng.weighted([['STRICT', 8], ['PERMISSIVE', 2]]) },
      portLevelMtls: { [String(port)]: { mode: prng.weighted([['PERMISSIVE', 6], ['DISABLE', 2], ['STRICT', 1]]) } },
      selector: { matchLabels: { app: w.name } },
    },
  };
}

function callers(prng: Prng, ns: NamespacePlan): { principals: string[]; namespaces: string[] } {
  const peer = ns.workloads[prng.int(0, Math.max(0, ns.workloads.length - 1))];
  return { principals: [principal(ns.name, peer?.name ?? 'default'), principal('istio-system', 'istio-ingressgateway-service-account')], namespaces: [ns.name] };
}

function allowPolicy(prng: Prng, ns: NamespacePlan, p: PolicyPlan, w: WorkloadPlan | undefined): KubeObject {
  const { principals, namespaces } = callers(prng, ns);
  const rules: JsonObject[] = [];
  if (w && w.flavor === 'tcp') {
    rules.push({ from: [{ source: { principals } }], to: [{ operation: { ports: [String(w.appPort)] } }] });
  } else {
    rules.push({
      from: [{ source: { principals } }],
      to: [{ operation: { methods: ['GET', 'POST'], paths: [`/api/v${prng.int(1, 3)}/*`, '/healthz'] } }],
      ...(prng.chance(0.3) ? { when: [{ key: 'request.headers[x-tenant]', values: ['acme', 'globex'] }] } : {}),
    });
    rules.push({ from: [{ source: { namespaces } }], to: [{ operation: { methods: ['GET'] } }] });
  }
  if (prng.chance(0.2)) rules.push({ from: [{ source: { namespaces: ['monitoring'] } }], to: [{ operation: { ports: [String(w?.metricsPort ?? 9102)] } }] });
  return {
    apiVersion: SECURITY,
    kind: 'AuthorizationPolicy',
    metadata: metadata(prng, ns.name, `allow-${w?.name ?? 'namespace'}-${p.slot}`, prng.int(1, 5)),
    spec: { action: 'ALLOW', rules, ...(w ? { selector: { matchLabels: { app: w.name } } } : {}) },
  };
}

function denyPolicy(prng: Prng, ns: NamespacePlan, p: PolicyPlan, w: WorkloadPlan | undefined): KubeObject {
  const rule: JsonObject = prng.chance(0.5)
    ? { from: [{ source: { notNamespaces: [ns.name, ROOT_NAMESPACE] } }], to: [{ operation: { paths: ['/admin/*', '/debug/*'] } }] }
    : { to: [{ operation: { methods: ['DELETE'] } }], when: [{ key: 'source.ip', notValues: ['10.0.0.0/8'] }] };
  return {
    apiVersion: SECURITY,
    kind: 'AuthorizationPolicy',
    metadata: metadata(prng, ns.name, `deny-${w?.name ?? 'namespace'}-${p.slot}`, 1),
    spec: { action: 'DENY', rules: [rule], ...(w ? { selector: { matchLabels: { app: w.name } } } : {}) },
  };
}

function requestAuthentication(prng: Prng, ns: NamespacePlan, p: PolicyPlan, w: WorkloadPlan | undefined): KubeObject {
  const issuer = prng.pick(['https://accounts.example.com', 'https://login.example.org/realms/prod', 'https://sso.example.net']);
  return {
    apiVersion: SECURITY,
    kind: 'RequestAuthentication',
    metadata: metadata(prng, ns.name, `jwt-${w?.name ?? 'namespace'}-${p.slot}`, 1),
    spec: {
      jwtRules: [{ audiences: [`${ns.team}.example.com`], forwardOriginalToken: prng.chance(0.3), issuer, jwksUri: `${issuer}/.well-known/jwks.json` }],
      ...(w ? { selector: { matchLabels: { app: w.name } } } : {}),
    },
  };
}

function destinationRule(prng: Prng, ns: NamespacePlan, p: PolicyPlan, w: WorkloadPlan | undefined): KubeObject {
  const name = w?.name ?? 'any';
  const trafficPolicy: JsonObject = {
    connectionPool: { http: { http1MaxPendingRequests: 1024, maxRequestsPerConnection: 100 }, tcp: { maxConnections: 512 } },
    outlierDetection: { baseEjectionTime: '30s', consecutive5xxErrors: 5, interval: '10s' },
    tls: { mode: prng.weighted([['ISTIO_MUTUAL', 8], ['DISABLE', 1]]) },
    ...(w?.metricsPort && prng.chance(0.3) ? { portLevelSettings: [{ port: { number: w.metricsPort }, tls: { mode: 'DISABLE' } }] } : {}),
  };
  return {
    apiVersion: NETWORKING,
    kind: 'DestinationRule',
    metadata: metadata(prng, ns.name, `${name}-dr-${p.slot}`, prng.int(1, 4)),
    spec: {
      host: `${name}.${ns.name}.svc.cluster.local`,
      subsets: [{ labels: { version: w?.version ?? 'v1' }, name: w?.version ?? 'v1' }],
      trafficPolicy,
    },
  };
}

const BUILDERS: Readonly<Record<PolicyKind, (prng: Prng, ns: NamespacePlan, p: PolicyPlan, w: WorkloadPlan | undefined) => KubeObject>> = {
  'namespace-peer-authentication': peerAuthentication,
  'workload-peer-authentication': peerAuthentication,
  allow: allowPolicy,
  deny: denyPolicy,
  'request-authentication': requestAuthentication,
  'destination-rule': destinationRule,
};

export function policyObject(prng: Prng, ns: NamespacePlan, p: PolicyPlan): KubeObject {
  const w = p.target === null ? undefined : ns.workloads[p.target];
  return BUILDERS[p.kind](prng, ns, p, w);
}
