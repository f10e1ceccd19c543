// Recorded traffic of the demo mesh (what its Prometheus would hold), replayed relative to `now` by
// lib/sources/demo/demo-traffic.ts so the dashboard shows observed traffic with one command. Each edge is one
// destination-reported series of Istio's standard metrics (istio.io docs/reference/config/metrics): per hour while it
// was active, between `fromHoursAgo` and `toHoursAgo`. The stories:
// - storefront: only mTLS for the whole window → ready for STRICT on evidence (MP106 agrees).
// - notifications: plaintext from a sender without a proxy (`unknown`: legacy-batch's env names notification-api,
//   the likely sender) until 2 hours ago → blocked.
// - recommendations: ztunnel reports plaintext into feature-store as `unknown` at the destination (jupyter-hub has no
//   dataplane) → blocked.
// - ops-tools: plaintext into backstage stopped 10 days ago; mTLS since → ready, plaintext-free since then.
// - checkout: the DestinationRule DISABLE of MP201 shows up as plaintext into STRICT tax-calculator → MP601 (the engine
//   expects plaintext from that sender, so no MP603).
// - orders: the dry-run ALLOW would have denied a few requests.

export interface RecordedEdge {
  readonly metric: 'requests' | 'connections';
  readonly from: string;
  readonly to: string;
  readonly securityPolicy: 'mutual_tls' | 'none' | 'unknown';
  readonly perHour: number;
  readonly fromHoursAgo: number;
  readonly toHoursAgo: number;
}

const H14D = 14 * 24;
const mtls = (from: string, to: string, perHour: number, metric: RecordedEdge['metric'] = 'requests'): RecordedEdge => ({ metric, from, to, securityPolicy: 'mutual_tls', perHour, fromHoursAgo: H14D, toHoursAgo: 0 });

export const DEMO_TRAFFIC: readonly RecordedEdge[] = [
  mtls('istio-system/istio-ingressgateway', 'storefront/web-frontend', 5400),
  mtls('storefront/web-frontend', 'storefront/storefront-bff', 4800),
  mtls('storefront/storefront-bff', 'storefront/cart-v1', 900),
  mtls('storefront/storefront-bff', 'checkout/checkout', 300),
  mtls('checkout/checkout', 'payments/payments-api', 280),
  mtls('payments/payments-api', 'payments/ledger', 280),
  // Every call through the DISABLE rule is reset by the STRICT server (MP201), yet its proxy reported some plaintext.
  { metric: 'requests', from: 'checkout/checkout', to: 'checkout/tax-calculator', securityPolicy: 'none', perHour: 3, fromHoursAgo: 30, toHoursAgo: 6 },
  mtls('notifications/notification-api', 'notifications/email-sender', 120),
  mtls('checkout/checkout', 'notifications/notification-api', 260),
  { metric: 'requests', from: 'unknown', to: 'notifications/notification-api', securityPolicy: 'none', perHour: 40, fromHoursAgo: H14D, toHoursAgo: 2 },
  mtls('recommendations/recs-api', 'recommendations/feature-store', 600, 'connections'),
  { metric: 'connections', from: 'unknown', to: 'recommendations/feature-store', securityPolicy: 'unknown', perHour: 12, fromHoursAgo: 200, toHoursAgo: 1 },
  mtls('ops-tools/argocd-server', 'ops-tools/argocd-repo-server', 60),
  mtls('ops-tools/argocd-server', 'ops-tools/backstage', 20),
  { metric: 'requests', from: 'unknown', to: 'ops-tools/backstage', securityPolicy: 'none', perHour: 4, fromHoursAgo: H14D, toHoursAgo: 240 },
  mtls('orders/orders-api', 'orders/order-events', 700),
];

/** Shadow-rule statistics of the orders namespace's dry-run ALLOW, per pod over the window. */
export const DEMO_DRY_RUN = [
  { namespace: 'orders', pod: 'orders-api-ptwc82sl26-74mq6', action: 'allow', result: 'denied', count: 12 },
  { namespace: 'orders', pod: 'orders-api-ptwc82sl26-74mq6', action: 'allow', result: 'allowed', count: 4810 },
] as const;
