// Our restatements of istio/api `tests/testdata/*-invalid.yaml` (tests/validation_test.go, TestCRDs) for the kinds the
// engine reads, and valid objects of our own on the same rules' boundaries: the table of
// test/conformance/crd-validation.test.ts. Every object here is written for this project (our names, only the fields
// the rule needs); `upstream` only cites the document whose rule it breaks. scripts/check-crd-corpus.ts also uses it
// to report upstream invalid documents of these kinds that have no restatement here.
import type { MeshSnapshot } from '@/lib/snapshot/types';

export type Kind = 'AuthorizationPolicy' | 'DestinationRule' | 'EnvoyFilter' | 'Telemetry' | 'PeerAuthentication' | 'RequestAuthentication';

export const API_VERSION: Readonly<Record<Kind, string>> = {
  AuthorizationPolicy: 'security.istio.io/v1',
  DestinationRule: 'networking.istio.io/v1',
  EnvoyFilter: 'networking.istio.io/v1alpha3',
  Telemetry: 'telemetry.istio.io/v1',
  PeerAuthentication: 'security.istio.io/v1',
  RequestAuthentication: 'security.istio.io/v1',
};

/** Where the engine holds an object of each kind once it is read. */
export const COLLECTION: Readonly<Record<Kind, keyof MeshSnapshot>> = {
  AuthorizationPolicy: 'authorizationPolicies',
  DestinationRule: 'destinationRules',
  EnvoyFilter: 'envoyFilters',
  Telemetry: 'telemetries',
  PeerAuthentication: 'peerAuthentications',
  RequestAuthentication: 'requestAuthentications',
};

export interface InvalidCase {
  /** The upstream document restated: its file in istio/api tests/testdata, its name, and its 1-based place in the file. */
  readonly upstream: { readonly file: string; readonly name: string; readonly doc: number };
  readonly kind: Kind;
  readonly name: string;
  readonly spec: Record<string, unknown>;
  /** The path and the rule's words: a CEL rule's message, or the schema's reason. */
  readonly error: string;
}

export interface ValidCase {
  readonly kind: Kind;
  readonly name: string;
  /** The boundary this object sits on. */
  readonly why: string;
  readonly spec: Record<string, unknown>;
}

const SELECTOR = { matchLabels: { app: 'ratings' } };
const RATINGS = 'ratings.default.svc.cluster.local';
const up = (file: string, doc: number, name: string) => ({ file, doc, name });

export const INVALID: readonly InvalidCase[] = [
  // authz-invalid.yaml: CEL rule on rules[].from[].source.
  {
    upstream: up('authz-invalid.yaml', 1, 'service-account-and-namespace'),
    kind: 'AuthorizationPolicy',
    name: 'sa-with-namespaces',
    spec: { rules: [{ from: [{ source: { serviceAccounts: ['default/reviews'], namespaces: ['default'] } }] }] },
    error: 'spec.rules[0].from[0].source: Cannot set serviceAccounts with namespaces or principals',
  },
  {
    upstream: up('authz-invalid.yaml', 2, 'service-account-and-namespace-principal'),
    kind: 'AuthorizationPolicy',
    name: 'sa-with-principals',
    spec: { rules: [{ from: [{ source: { serviceAccounts: ['reviews'], principals: ['cluster.local/ns/default/sa/reviews'] } }] }] },
    error: 'spec.rules[0].from[0].source: Cannot set serviceAccounts with namespaces or principals',
  },

  // destinationrule-invalid.yaml: loadBalancer.warmup bounds and required fields (every document is "bookinfo-ratings").
  {
    upstream: up('destinationrule-invalid.yaml', 1, 'bookinfo-ratings'),
    kind: 'DestinationRule',
    name: 'warmup-percent-over-100',
    spec: { host: RATINGS, trafficPolicy: { loadBalancer: { warmup: { duration: '60s', minimumPercent: 100.5 } } } },
    error: 'spec.trafficPolicy.loadBalancer.warmup.minimumPercent: must be <= 100, got 100.5',
  },
  {
    upstream: up('destinationrule-invalid.yaml', 2, 'bookinfo-ratings'),
    kind: 'DestinationRule',
    name: 'warmup-without-duration',
    spec: { host: RATINGS, trafficPolicy: { loadBalancer: { warmup: { aggression: 2 } } } },
    error: "spec.trafficPolicy.loadBalancer.warmup: must have required property 'duration'",
  },
  {
    upstream: up('destinationrule-invalid.yaml', 3, 'bookinfo-ratings'),
    kind: 'DestinationRule',
    name: 'warmup-negative-aggression',
    spec: { host: RATINGS, trafficPolicy: { loadBalancer: { warmup: { duration: '60s', aggression: -1 } } } },
    error: 'spec.trafficPolicy.loadBalancer.warmup.aggression: must be >= 0, got -1',
  },

  // envoyfilter-invalid.yaml: CEL rules on configPatches[].match and its waypoint port.
  {
    upstream: up('envoyfilter-invalid.yaml', 1, 'waypoint-wrong-context'),
    kind: 'EnvoyFilter',
    name: 'waypoint-match-outbound',
    spec: { configPatches: [{ applyTo: 'CLUSTER', match: { context: 'SIDECAR_OUTBOUND', waypoint: { portNumber: 9080 } } }] },
    error: 'spec.configPatches[0].match: only support waypointMatch when context is WAYPOINT',
  },
  {
    upstream: up('envoyfilter-invalid.yaml', 2, 'waypoint-wrong-match'),
    kind: 'EnvoyFilter',
    name: 'waypoint-context-no-match',
    spec: { configPatches: [{ applyTo: 'CLUSTER', match: { context: 'WAYPOINT' } }] },
    error: 'spec.configPatches[0].match: only support waypointMatch when context is WAYPOINT',
  },
  {
    upstream: up('envoyfilter-invalid.yaml', 3, 'waypoint-wrong-port'),
    kind: 'EnvoyFilter',
    name: 'waypoint-port-zero',
    spec: { configPatches: [{ applyTo: 'CLUSTER', match: { context: 'WAYPOINT', waypoint: { portNumber: 0 } } }] },
    error: 'spec.configPatches[0].match.waypoint.portNumber: port must be between 1-65535',
  },

  // telemetry-invalid.yaml: string bounds and the CEL rules on metrics[].overrides[].tagOverrides.
  {
    upstream: up('telemetry-invalid.yaml', 1, 'bad-provider'),
    kind: 'Telemetry',
    name: 'metrics-provider-unnamed',
    spec: { metrics: [{ providers: [{ name: '' }] }] },
    error: 'spec.metrics[0].providers[0].name: must NOT have fewer than 1 characters',
  },
  {
    upstream: up('telemetry-invalid.yaml', 2, 'bad-custom-metric'),
    kind: 'Telemetry',
    name: 'override-custom-metric-empty',
    spec: { metrics: [{ overrides: [{ match: { customMetric: '' }, disabled: true }] }] },
    error: 'spec.metrics[0].overrides[0].match.customMetric: must NOT have fewer than 1 characters',
  },
  {
    upstream: up('telemetry-invalid.yaml', 3, 'bad-tag-upsert'),
    kind: 'Telemetry',
    name: 'tag-upsert-empty-value',
    spec: { metrics: [{ overrides: [{ tagOverrides: { source_canonical_service: { operation: 'UPSERT', value: '' } } }] }] },
    error: 'spec.metrics[0].overrides[0].tagOverrides.source_canonical_service: value must be set when operation is UPSERT',
  },
  {
    upstream: up('telemetry-invalid.yaml', 4, 'bad-tag-remove'),
    kind: 'Telemetry',
    name: 'tag-remove-with-value',
    spec: { metrics: [{ overrides: [{ tagOverrides: { request_protocol: { operation: 'REMOVE', value: 'http' } } }] }] },
    error: 'spec.metrics[0].overrides[0].tagOverrides.request_protocol: value must not be set when operation is REMOVE',
  },

  // peerauth-invalid.yaml: the mode enum, and the schema and CEL rules on portLevelMtls.
  {
    upstream: up('peerauth-invalid.yaml', 1, 'bad-mode'),
    kind: 'PeerAuthentication',
    name: 'mode-lowercase',
    spec: { mtls: { mode: 'strict' } },
    error: 'spec.mtls.mode: expected one of UNSET, DISABLE, PERMISSIVE, STRICT, got "strict"',
  },
  {
    upstream: up('peerauth-invalid.yaml', 2, 'bad-port'),
    kind: 'PeerAuthentication',
    name: 'port-named',
    spec: { selector: SELECTOR, portLevelMtls: { http: { mode: 'PERMISSIVE' } } },
    error: 'spec.portLevelMtls: rule "self.all(key, 0 < int(key) && int(key) <= 65535)" could not be evaluated',
  },
  {
    upstream: up('peerauth-invalid.yaml', 3, 'port-level-global'),
    kind: 'PeerAuthentication',
    name: 'port-level-empty-selector',
    spec: { selector: { matchLabels: {} }, portLevelMtls: { '9080': { mode: 'DISABLE' } } },
    error: 'spec: portLevelMtls requires selector',
  },
  {
    upstream: up('peerauth-invalid.yaml', 4, 'empty-port-level'),
    kind: 'PeerAuthentication',
    name: 'port-level-no-ports',
    spec: { selector: SELECTOR, mtls: { mode: 'STRICT' }, portLevelMtls: {} },
    error: 'spec.portLevelMtls: must NOT have fewer than 1 properties',
  },
  {
    upstream: up('peerauth-invalid.yaml', 5, 'zero-port'),
    kind: 'PeerAuthentication',
    name: 'port-negative',
    spec: { selector: SELECTOR, portLevelMtls: { '-9080': { mode: 'STRICT' } } },
    error: 'spec.portLevelMtls: port must be between 1-65535',
  },
  {
    upstream: up('peerauth-invalid.yaml', 6, 'high-port'),
    kind: 'PeerAuthentication',
    name: 'port-65536',
    spec: { selector: SELECTOR, portLevelMtls: { '65536': { mode: 'STRICT' } } },
    error: 'spec.portLevelMtls: port must be between 1-65535',
  },

  // reqauth-invalid.yaml: the targeting rules, the target reference's schema, and jwtRules' bounds and CEL rules.
  {
    upstream: up('reqauth-invalid.yaml', 1, 'multi-refs'),
    kind: 'RequestAuthentication',
    name: 'target-ref-and-refs',
    spec: { targetRef: { kind: 'Service', name: 'ratings' }, targetRefs: [{ kind: 'Service', name: 'reviews' }] },
    error: 'spec: only one of targetRefs or selector can be set',
  },
  {
    upstream: up('reqauth-invalid.yaml', 2, 'ref-and-selector'),
    kind: 'RequestAuthentication',
    name: 'target-refs-and-selector',
    spec: { selector: SELECTOR, targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'ingress' }] },
    error: 'spec: only one of targetRefs or selector can be set',
  },
  {
    upstream: up('reqauth-invalid.yaml', 3, 'bad-target-name'),
    kind: 'RequestAuthentication',
    name: 'target-ref-unnamed',
    spec: { targetRef: { group: 'gateway.networking.k8s.io', kind: 'Gateway' } },
    error: "spec.targetRef: must have required property 'name'",
  },
  {
    upstream: up('reqauth-invalid.yaml', 4, 'bad-target-namespace'),
    kind: 'RequestAuthentication',
    name: 'target-ref-own-namespace',
    spec: { targetRef: { kind: 'Service', name: 'ratings', namespace: 'default' } },
    error: 'spec.targetRef.namespace: cross namespace referencing is not currently supported',
  },
  {
    upstream: up('reqauth-invalid.yaml', 5, 'bad-target-group'),
    kind: 'RequestAuthentication',
    name: 'target-ref-group-uppercase',
    spec: { targetRef: { group: 'Gateway.Networking.K8s.io', kind: 'Gateway', name: 'ingress' } },
    error: 'spec.targetRef.group: must match pattern "^$|^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$", got "Gateway.Networking.K8s.io"',
  },
  {
    upstream: up('reqauth-invalid.yaml', 6, 'bad-target-kind'),
    kind: 'RequestAuthentication',
    name: 'target-ref-kind-trailing-dash',
    spec: { targetRef: { group: '', kind: 'Service-', name: 'ratings' } },
    error: 'spec.targetRef.kind: must match pattern "^[a-zA-Z]([-a-zA-Z0-9]*[a-zA-Z0-9])?$", got "Service-"',
  },
  {
    upstream: up('reqauth-invalid.yaml', 7, 'no-issuer'),
    kind: 'RequestAuthentication',
    name: 'jwt-rule-a-string',
    spec: { jwtRules: ['https://issuer.example.com'] },
    error: 'spec.jwtRules[0]: must be object',
  },
  {
    upstream: up('reqauth-invalid.yaml', 8, 'empty-aud'),
    kind: 'RequestAuthentication',
    name: 'audience-empty',
    spec: { jwtRules: [{ issuer: 'https://issuer.example.com', audiences: ['ratings', ''] }] },
    error: 'spec.jwtRules[0].audiences[1]: must NOT have fewer than 1 characters',
  },
  {
    upstream: up('reqauth-invalid.yaml', 9, 'invalid-jwks'),
    kind: 'RequestAuthentication',
    name: 'jwks-uri-ftp',
    spec: { jwtRules: [{ issuer: 'https://issuer.example.com', jwksUri: 'ftp://issuer.example.com/jwks.json' }] },
    error: 'spec.jwtRules[0].jwksUri: url must have scheme http:// or https://',
  },
  {
    upstream: up('reqauth-invalid.yaml', 10, 'invalid-from-headers-no-name'),
    kind: 'RequestAuthentication',
    name: 'from-header-unnamed',
    spec: { jwtRules: [{ issuer: 'https://issuer.example.com', fromHeaders: [{ prefix: 'Bearer ' }] }] },
    error: "spec.jwtRules[0].fromHeaders[0]: must have required property 'name'",
  },
  {
    upstream: up('reqauth-invalid.yaml', 11, 'invalid-from-headers-empty-name'),
    kind: 'RequestAuthentication',
    name: 'from-header-empty-name',
    spec: { jwtRules: [{ issuer: 'https://issuer.example.com', fromHeaders: [{ name: '' }] }] },
    error: 'spec.jwtRules[0].fromHeaders[0].name: must NOT have fewer than 1 characters',
  },
  {
    upstream: up('reqauth-invalid.yaml', 12, 'invalid-from-params'),
    kind: 'RequestAuthentication',
    name: 'from-param-empty',
    spec: { jwtRules: [{ issuer: 'https://issuer.example.com', fromParams: [''] }] },
    error: 'spec.jwtRules[0].fromParams[0]: must NOT have fewer than 1 characters',
  },
  {
    upstream: up('reqauth-invalid.yaml', 13, 'invalid-from-cookies'),
    kind: 'RequestAuthentication',
    name: 'from-cookie-empty',
    spec: { jwtRules: [{ issuer: 'https://issuer.example.com', fromCookies: ['session', ''] }] },
    error: 'spec.jwtRules[0].fromCookies[1]: must NOT have fewer than 1 characters',
  },
  {
    upstream: up('reqauth-invalid.yaml', 14, 'invalid-claim-to-header-unset'),
    kind: 'RequestAuthentication',
    name: 'claim-to-header-a-string',
    spec: { jwtRules: [{ issuer: 'https://issuer.example.com', outputClaimToHeaders: ['sub'] }] },
    error: 'spec.jwtRules[0].outputClaimToHeaders[0]: must be object',
  },
  {
    upstream: up('reqauth-invalid.yaml', 15, 'invalid-claim-to-header-claim-empty'),
    kind: 'RequestAuthentication',
    name: 'claim-to-header-empty-claim',
    spec: { jwtRules: [{ issuer: 'https://issuer.example.com', outputClaimToHeaders: [{ claim: '', header: 'x-jwt-sub' }] }] },
    error: 'spec.jwtRules[0].outputClaimToHeaders[0].claim: must NOT have fewer than 1 characters',
  },
  {
    upstream: up('reqauth-invalid.yaml', 16, 'invalid-claim-to-header-header-empty'),
    kind: 'RequestAuthentication',
    name: 'claim-to-header-empty-header',
    spec: { jwtRules: [{ issuer: 'https://issuer.example.com', outputClaimToHeaders: [{ claim: 'sub', header: '' }] }] },
    error: 'spec.jwtRules[0].outputClaimToHeaders[0].header: must NOT have fewer than 1 characters',
  },
  {
    upstream: up('reqauth-invalid.yaml', 17, 'invalid-claim-to-header-bad-header'),
    kind: 'RequestAuthentication',
    name: 'claim-to-header-dotted-header',
    spec: { jwtRules: [{ issuer: 'https://issuer.example.com', outputClaimToHeaders: [{ claim: 'sub', header: 'x-jwt.sub' }] }] },
    error: 'spec.jwtRules[0].outputClaimToHeaders[0].header: must match pattern "^[-_A-Za-z0-9]+$", got "x-jwt.sub"',
  },
  {
    upstream: up('reqauth-invalid.yaml', 18, 'bad-timeout'),
    kind: 'RequestAuthentication',
    name: 'timeout-zero',
    spec: { jwtRules: [{ issuer: 'https://issuer.example.com', jwksUri: 'https://issuer.example.com/jwks.json', timeout: '0s' }] },
    error: 'spec.jwtRules[0].timeout: must be a valid duration greater than 1ms',
  },
  {
    upstream: up('reqauth-invalid.yaml', 19, 'invalid-space-delimited-claims'),
    kind: 'RequestAuthentication',
    name: 'space-delimited-claim-empty',
    spec: { jwtRules: [{ issuer: 'https://issuer.example.com', spaceDelimitedClaims: ['scope', ''] }] },
    error: 'spec.jwtRules[0].spaceDelimitedClaims[1]: must NOT have fewer than 1 characters',
  },
];

export const VALID: readonly ValidCase[] = [
  // AuthorizationPolicy: serviceAccounts excludes namespaces and principals in the same source only.
  {
    kind: 'AuthorizationPolicy',
    name: 'sa-and-principal-split',
    why: 'serviceAccounts and principals in different sources of one rule',
    spec: { rules: [{ from: [{ source: { serviceAccounts: ['default/reviews'] } }, { source: { principals: ['cluster.local/ns/default/sa/productpage'] } }] }] },
  },
  {
    kind: 'AuthorizationPolicy',
    name: 'sa-with-ip-blocks',
    why: 'serviceAccounts with the source fields the rule leaves alone',
    spec: { selector: SELECTOR, rules: [{ from: [{ source: { serviceAccounts: ['reviews'], ipBlocks: ['10.0.0.0/8'], requestPrincipals: ['*'] } }] }] },
  },
  {
    kind: 'AuthorizationPolicy',
    name: 'namespaces-with-principals',
    why: 'namespaces and principals together, without serviceAccounts',
    spec: { action: 'DENY', rules: [{ from: [{ source: { namespaces: ['default'], notPrincipals: ['cluster.local/ns/default/sa/reviews'] } }] }] },
  },

  // DestinationRule: warmup's bounds are inclusive; duration is the only required field.
  {
    kind: 'DestinationRule',
    name: 'warmup-percent-100',
    why: 'minimumPercent at its maximum, aggression at its minimum',
    spec: { host: RATINGS, trafficPolicy: { loadBalancer: { warmup: { duration: '60s', minimumPercent: 100, aggression: 0 } } } },
  },
  {
    kind: 'DestinationRule',
    name: 'warmup-percent-0',
    why: 'minimumPercent at its minimum, duration at 1ms (its CEL bound)',
    spec: { host: RATINGS, trafficPolicy: { loadBalancer: { warmup: { duration: '1ms', minimumPercent: 0 } } } },
  },
  {
    kind: 'DestinationRule',
    name: 'warmup-duration-only',
    why: 'warmup with only its required duration',
    spec: { host: RATINGS, trafficPolicy: { loadBalancer: { simple: 'LEAST_REQUEST', warmup: { duration: '300s' } } } },
  },

  // EnvoyFilter: a waypoint match exactly when the context is WAYPOINT; its port within 1-65535.
  {
    kind: 'EnvoyFilter',
    name: 'waypoint-port-1',
    why: 'WAYPOINT context with a waypoint match on port 1',
    spec: { configPatches: [{ applyTo: 'CLUSTER', match: { context: 'WAYPOINT', waypoint: { portNumber: 1 } } }] },
  },
  {
    kind: 'EnvoyFilter',
    name: 'waypoint-port-65535',
    why: 'WAYPOINT context with a waypoint match on port 65535',
    spec: { configPatches: [{ applyTo: 'CLUSTER', match: { context: 'WAYPOINT', waypoint: { portNumber: 65535 } } }] },
  },
  {
    kind: 'EnvoyFilter',
    name: 'sidecar-listener-match',
    why: 'another context without a waypoint match',
    spec: { configPatches: [{ applyTo: 'NETWORK_FILTER', match: { context: 'SIDECAR_INBOUND', listener: { portNumber: 9080 } } }] },
  },
  {
    kind: 'EnvoyFilter',
    name: 'no-context-no-waypoint',
    why: 'no context and no waypoint match',
    spec: { configPatches: [{ applyTo: 'CLUSTER', match: { cluster: { service: RATINGS } } }] },
  },

  // Telemetry: names of one character; UPSERT with a value, REMOVE without.
  {
    kind: 'Telemetry',
    name: 'provider-one-char',
    why: 'provider name and custom metric of one character',
    spec: { metrics: [{ providers: [{ name: 'p' }], overrides: [{ match: { customMetric: 'm' }, disabled: true }] }] },
  },
  {
    kind: 'Telemetry',
    name: 'tag-upsert-and-remove',
    why: 'UPSERT with a value and REMOVE without one',
    spec: {
      metrics: [{ overrides: [{ tagOverrides: { source_canonical_service: { operation: 'UPSERT', value: 'upstream_peer.labels["app"].value' }, request_protocol: { operation: 'REMOVE' } } }] }],
    },
  },
  {
    kind: 'Telemetry',
    name: 'tag-value-no-operation',
    why: 'a value with no operation (neither rule applies)',
    spec: { selector: SELECTOR, metrics: [{ overrides: [{ tagOverrides: { destination_port: { value: 'string(destination.port)' } } }] }] },
  },

  // PeerAuthentication: ports 1 and 65535, with a selector that has labels.
  {
    kind: 'PeerAuthentication',
    name: 'ports-at-bounds',
    why: 'portLevelMtls keys 1 and 65535 under a selector',
    spec: { selector: SELECTOR, mtls: { mode: 'STRICT' }, portLevelMtls: { '1': { mode: 'PERMISSIVE' }, '65535': { mode: 'DISABLE' } } },
  },
  {
    kind: 'PeerAuthentication',
    name: 'namespace-wide-no-ports',
    why: 'no selector and no portLevelMtls',
    spec: { mtls: { mode: 'PERMISSIVE' } },
  },
  {
    kind: 'PeerAuthentication',
    name: 'mode-unset',
    why: 'every enum value is accepted, UNSET included',
    spec: { selector: SELECTOR, mtls: { mode: 'UNSET' }, portLevelMtls: { '9080': { mode: 'UNSET' } } },
  },

  // RequestAuthentication: one way to target, a same-namespace reference, jwtRules' strings at their bounds.
  {
    kind: 'RequestAuthentication',
    name: 'target-ref-empty-namespace',
    why: 'a targetRef with an empty namespace and the core group',
    spec: { targetRef: { group: '', kind: 'Service', name: 'ratings', namespace: '' } },
  },
  {
    kind: 'RequestAuthentication',
    name: 'target-refs-only',
    why: 'targetRefs alone',
    spec: { targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'ingress' }] },
  },
  {
    kind: 'RequestAuthentication',
    name: 'jwt-rule-at-bounds',
    why: 'http jwksUri, timeout 1ms, one-character names and a header of the allowed characters',
    spec: {
      selector: SELECTOR,
      jwtRules: [
        {
          issuer: 'i',
          audiences: ['a'],
          jwksUri: 'http://issuer.example.com/jwks.json',
          timeout: '1ms',
          fromHeaders: [{ name: 'h', prefix: '' }],
          fromParams: ['p'],
          fromCookies: ['c'],
          outputClaimToHeaders: [{ claim: 's', header: 'X-Jwt_Sub-1' }],
          spaceDelimitedClaims: ['scope'],
        },
      ],
    },
  },
  {
    kind: 'RequestAuthentication',
    name: 'jwks-uri-https',
    why: 'an https jwksUri',
    spec: { jwtRules: [{ issuer: 'https://issuer.example.com', jwksUri: 'https://issuer.example.com/.well-known/jwks.json' }] },
  },
];
