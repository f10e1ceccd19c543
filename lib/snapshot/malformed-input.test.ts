// One malformed object never hides the rest: every field of a valid object of every kind is replaced, in turn, by
// hostile values (wrong types, null, huge strings, deep nesting). Building the snapshot must never throw; the
// broken object is either read (when the value is acceptable) or reported by name, and every other object is kept.
import { describe, expect, it } from 'vitest';
import { buildSnapshot } from './build-snapshot';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const VALID: Record<string, Json> = {
  Namespace: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ns', labels: { 'istio-injection': 'enabled' } } },
  Pod: {
    apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'ns', labels: { app: 'a' } },
    spec: { serviceAccountName: 'sa', containers: [{ name: 'app', ports: [{ containerPort: 8080, name: 'http' }], env: [{ name: 'X', value: 'http://svc' }] }] },
    status: { podIP: '10.0.0.1', phase: 'Running' },
  },
  Service: { apiVersion: 'v1', kind: 'Service', metadata: { name: 's', namespace: 'ns' }, spec: { selector: { app: 'a' }, ports: [{ port: 80, targetPort: 8080, name: 'http' }] } },
  PeerAuthentication: { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'pa', namespace: 'ns' }, spec: { selector: { matchLabels: { app: 'a' } }, mtls: { mode: 'STRICT' }, portLevelMtls: { '8080': { mode: 'PERMISSIVE' } } } },
  AuthorizationPolicy: {
    apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name: 'ap', namespace: 'ns' },
    spec: { selector: { matchLabels: { app: 'a' } }, action: 'ALLOW', rules: [{ from: [{ source: { principals: ['cluster.local/ns/ns/sa/x'] } }], to: [{ operation: { methods: ['GET'], paths: ['/x'] } }], when: [{ key: 'request.headers[x]', values: ['y'] }] }] },
  },
  RequestAuthentication: { apiVersion: 'security.istio.io/v1', kind: 'RequestAuthentication', metadata: { name: 'ra', namespace: 'ns' }, spec: { jwtRules: [{ issuer: 'https://idp', audiences: ['a'] }] } },
  DestinationRule: { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'dr', namespace: 'ns' }, spec: { host: 's', trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' }, portLevelSettings: [{ port: { number: 80 }, tls: { mode: 'DISABLE' } }] } } },
  EnvoyFilter: { apiVersion: 'networking.istio.io/v1alpha3', kind: 'EnvoyFilter', metadata: { name: 'ef', namespace: 'ns' }, spec: { configPatches: [{ applyTo: 'HTTP_FILTER', patch: { operation: 'INSERT_BEFORE', value: { name: 'envoy.filters.http.ext_authz', typed_config: { failure_mode_allow: true } } } }] } },
  Telemetry: { apiVersion: 'telemetry.istio.io/v1', kind: 'Telemetry', metadata: { name: 't', namespace: 'ns' }, spec: { accessLogging: [{ providers: [{ name: 'envoy' }] }] } },
  Deployment: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd', namespace: 'ns' }, spec: { replicas: 1, template: { metadata: { labels: { app: 'd' } }, spec: { containers: [{ name: 'd' }] } } } },
  ConfigMap: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'istio', namespace: 'istio-system' }, data: { mesh: 'trustDomain: cluster.local\n' } },
};

const HUGE = 'x'.repeat(100_000);
let deep: Json = 'leaf';
for (let i = 0; i < 200; i++) deep = { a: deep };
const HOSTILE: readonly Json[] = [null, 42, -1, true, 'text', HUGE, [], [1, 'two', null], {}, { unexpected: HUGE }, deep, '<script>alert(1)</script>'];

/** Every path to a value inside an object (objects and arrays walked), except the identity fields kind/apiVersion. */
function paths(value: Json, prefix: string[] = []): string[][] {
  const out: string[][] = [];
  if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (prefix.length === 0 && (k === 'kind' || k === 'apiVersion')) continue;
      out.push([...prefix, k], ...paths(v as Json, [...prefix, k]));
    }
  }
  return out;
}

function withValue(obj: Json, path: readonly string[], value: Json): Json {
  const copy = structuredClone(obj) as Record<string, Json>;
  let node: Record<string, Json> = copy;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string, Json>;
  node[path[path.length - 1]!] = value;
  return copy;
}

const SENTINEL: Json = { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'still-here' } };

describe('malformed objects are reported one by one and never hide the rest', () => {
  for (const [kind, valid] of Object.entries(VALID)) {
    it(`${kind}: every field replaced by hostile values`, () => {
      let cases = 0;
      let reported = 0;
      for (const path of paths(valid)) {
        for (const hostile of HOSTILE) {
          cases += 1;
          const broken = withValue(valid, path, hostile);
          const build = () => buildSnapshot([{ raw: broken }, { raw: SENTINEL }], { source: 'fuzz', asOf: '2026-01-01T00:00:00Z' });
          expect(build, `${kind} ${path.join('.')} = ${JSON.stringify(hostile)?.slice(0, 40)}`).not.toThrow();
          const snapshot = build();
          if (snapshot.issues.length > 0) reported += 1;
          // The other object is always kept.
          expect(snapshot.namespaces.some((n) => n.meta.name === 'still-here')).toBe(true);
          // A reported problem names the object (or, when even its name is unreadable, the kind) and stays short.
          for (const issue of snapshot.issues) {
            expect(issue.object ?? issue.kind ?? '').toMatch(new RegExp(`^(${kind}|ConfigMap|MeshConfig)`));
            expect(issue.reason.length).toBeLessThan(1000);
          }
        }
      }
      expect(cases).toBeGreaterThan(20);
      // Not vacuous: many of these mutations are invalid and must have been reported.
      expect(reported).toBeGreaterThan(cases / 4);
    });
  }
});
