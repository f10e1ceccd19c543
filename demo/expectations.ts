// What the embedded demo mesh is designed to show (demo/README.md has the reasoning for each entry).
// Engine-level tests assert these once the engine lands: every namespace lands in the phase given here, and
// every finding code fires and names at least the object ids listed ('Kind/namespace/name', 'Kind/name' when
// cluster-scoped). Lists are "at least", not "exactly": a real mesh has more than one instance of most mistakes.

export type DemoPhase = 0 | 1 | 2 | 3 | 4;

export interface DemoExpectations {
  /** Migration phase per namespace (ARCHITECTURE §3). kube-system and istio-system are left to the engine. */
  readonly phases: Readonly<Record<string, DemoPhase>>;
  /** Finding code → object ids the finding must name. */
  readonly findings: Readonly<Record<string, readonly string[]>>;
}

export const DEMO_EXPECTED = {
  phases: {
    'legacy-batch': 0,
    monitoring: 0,
    data: 0,
    analytics: 0,
    storefront: 1,
    recommendations: 1,
    notifications: 1,
    'ops-tools': 1,
    checkout: 2,
    catalog: 2,
    search: 2,
    identity: 2,
    orders: 3,
    shipping: 3,
    'opa-system': 3,
    payments: 4,
    'partner-api': 4,
  },
  findings: {
    MP101: ['PeerAuthentication/catalog/catalog-images-legacy-port'],
    MP102: ['PeerAuthentication/checkout/promotions-metrics-permissive'],
    MP103: ['PeerAuthentication/notifications/notifications-strict'],
    MP104: ['PeerAuthentication/istio-system/ingressgateway-permissive'],
    // The STRICT server pods and their plaintext clients.
    MP105: [
      'Pod/catalog/catalog-ngb92jcpzd-994w5',
      'Pod/catalog/catalog-images-m92jnq4jmn-n9h5t',
      'Pod/legacy-batch/batch-scheduler-ztsb8mpzgc-4r4z5',
      'Pod/legacy-batch/image-resizer-khgn954mc-k5c6s',
      'Pod/payments/ledger-c4v5b7kwvd-629wz',
      'Pod/legacy-batch/settlement-export-75bhdgwnz7-nbvnh',
      'Pod/data/redis-0',
      'Pod/data/postgres-0',
    ],
    MP106: ['Namespace/storefront', 'Namespace/ops-tools'],
    MP107: ['Namespace/legacy-batch', 'Namespace/monitoring'],
    MP108: ['PeerAuthentication/notifications/email-sender-smtp-plaintext'],
    MP109: ['PeerAuthentication/recommendations/feature-store-plaintext'],
    MP110: ['Gateway/storefront/storefront-gateway'],
    MP111: ['Gateway/partner-api/partner-ingress'],
    MP112: ['Gateway/partner-api/partner-ingress'],
    MP201: ['DestinationRule/checkout/tax-calculator'],
    MP202: ['DestinationRule/data/postgres'],
    MP203: ['DestinationRule/notifications/email-sender'],
    MP204: ['DestinationRule/payments/ledger-db-tls'],
    MP301: ['AuthorizationPolicy/catalog/allow-pricing-reads'],
    MP302: ['AuthorizationPolicy/data/kafka-deny-deletes'],
    MP303: ['AuthorizationPolicy/data/redis-allow-reads'],
    MP304: ['AuthorizationPolicy/identity/admin-console-sso'],
    MP305: ['EnvoyFilter/identity/admin-console-ext-authz'],
    MP306: ['AuthorizationPolicy/shipping/allow-shipping-api'],
    MP307: ['Pod/identity/token-exchange-m28vtz4xp-htmvx', 'Pod/identity/admin-console-wtm7jpwk4b-t4dht'],
    MP308: ['Pod/partner-api/partner-gateway-l8bqtgfhv4-xxxc2'],
    MP309: ['AuthorizationPolicy/checkout/checkout-waypoint-policy'],
    MP310: ['AuthorizationPolicy/search/search-api-read-only'],
    MP311: ['AuthorizationPolicy/orders/allow-nothing'],
    MP312: ['AuthorizationPolicy/checkout/checkout-waypoint-policy'],
    MP313: ['AuthorizationPolicy/search/opensearch-from-indexer', 'Service/search/opensearch'],
    MP314: ['AuthorizationPolicy/search/search-waypoint-viewer'],
    MP315: ['Service/search/search-indexer'],
    MP316: ['Service/search/opensearch', 'AuthorizationPolicy/search/opensearch-read-only'],
    MP401: ['RequestAuthentication/identity/accounts-jwt'],
    MP402: ['RequestAuthentication/storefront/storefront-bff-jwt'],
    MP501: ['Pod/payments/ledger-c4v5b7kwvd-629wz'],
    MP502: ['Pod/payments/fraud-detector-mzhhkp79wj-nl6hs'],
    MP503: ['Pod/notifications/push-gateway-jghml7mn28-xp5kz'],
    MP504: ['Pod/partner-api/partner-sync-l8n8gx9gg8-lpqv9'],
    MP505: ['Pod/notifications/push-gateway-jghml7mn28-xp5kz', 'Pod/ops-tools/argocd-application-controller-0'],
  },
} as const satisfies DemoExpectations;
