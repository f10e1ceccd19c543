// MP312–MP316, each with the page or upstream code it follows (see waypoint-checks.ts).
import { describe, expect, it } from 'vitest';
import { aGateway, aNamespace, aPod, aService, anAuthorizationPolicy } from '@/test/builders';
import { summaries, type SnapshotInput } from './testing';

const CODES = ['MP312', 'MP313', 'MP314', 'MP315', 'MP316'];
const ambientNs = (labels: Record<string, string> = {}) => aNamespace('default', { 'istio.io/dataplane-mode': 'ambient', ...labels });
const productpage = aPod({ name: 'productpage-v1-0', namespace: 'default', dataplane: 'ambient-label', labels: { app: 'productpage' }, ports: [9080], serviceAccountName: 'bookinfo-productpage' });
const service = aService({ name: 'productpage', namespace: 'default', ports: [{ name: 'http', port: 9080, protocol: 'TCP' }] });
const waypoint = aGateway({ name: 'waypoint', namespace: 'default' });
const l7Viewer = anAuthorizationPolicy({
  name: 'productpage-viewer', namespace: 'default', targetRefs: [{ group: '', kind: 'Service', name: 'productpage' }],
  rules: [{ from: [{ principals: ['cluster.local/ns/default/sa/curl'] }], to: [{ methods: ['GET'] }], when: null }],
});
const onlyCurlAtZtunnel = anAuthorizationPolicy({
  name: 'only-curl', namespace: 'default', selector: { app: 'productpage' },
  rules: [{ from: [{ principals: ['cluster.local/ns/default/sa/curl'] }], to: null, when: null }],
});
const waypointAllowed = anAuthorizationPolicy({
  name: 'from-waypoint', namespace: 'default', selector: { app: 'productpage' },
  rules: [{ from: [{ principals: ['cluster.local/ns/default/sa/waypoint'] }], to: null, when: null }],
});

/** A client with an injected sidecar, in a namespace of its own (sidecar and ambient workloads side by side). */
const legacyNs = aNamespace('legacy', { 'istio-injection': 'enabled' });
const sidecarClient = aPod({ name: 'legacy-client-0', namespace: 'legacy', dataplane: 'sidecar', labels: { app: 'legacy-client' }, ports: [8080] });

const base = (over: SnapshotInput = {}): SnapshotInput => ({ namespaces: [ambientNs({ 'istio.io/use-waypoint': 'waypoint' })], pods: [productpage], services: [service], gateways: [waypoint], ...over });

describe('waypoint findings', () => {
  it.each<{ name: string; input: SnapshotInput; expected: { code: string; severity: string; objects: string[] }[] }>([
    {
      name: 'the enforce-auth-policies end state (https://istio.io/latest/docs/ambient/getting-started/enforce-auth-policies/): nothing to say',
      input: base({ authorizationPolicies: [l7Viewer] }), expected: [],
    },
    {
      name: 'MP312: the L7 policy targets productpage, but the namespace has no use-waypoint label (https://istio.io/latest/docs/ambient/usage/waypoint/ "Use a waypoint proxy")',
      input: base({ namespaces: [ambientNs()], authorizationPolicies: [l7Viewer] }),
      expected: [{ code: 'MP312', severity: 'warning', objects: ['AuthorizationPolicy/default/productpage-viewer', 'Service/default/productpage'] }],
    },
    {
      name: 'MP313: a selector policy allowing only curl sees the waypoint identity (https://istio.io/latest/docs/ambient/usage/l4-policy/ "Authorization policy attachment")',
      input: base({ authorizationPolicies: [onlyCurlAtZtunnel] }),
      expected: [{ code: 'MP313', severity: 'error', objects: ['AuthorizationPolicy/default/only-curl', 'Service/default/productpage'] }],
    },
    {
      name: 'no MP313 when the destination policy allows the waypoint ("in-mesh traffic needs to come from my waypoint")',
      input: base({ authorizationPolicies: [waypointAllowed] }), expected: [],
    },
    {
      name: 'MP314: targetRefs to a Gateway that does not exist',
      input: base({ authorizationPolicies: [anAuthorizationPolicy({ name: 'viewer', namespace: 'default', targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'waypoint-typo' }], rules: [{ from: null, to: [{ methods: ['GET'] }], when: null }] })] }),
      expected: [{ code: 'MP314', severity: 'warning', objects: ['AuthorizationPolicy/default/viewer'] }],
    },
    {
      name: 'MP315: use-waypoint names a waypoint that is not there (istio ambient waypoints.go: WaypointIsNotReady); MP312 for the policy it leaves unenforced',
      input: base({ namespaces: [ambientNs({ 'istio.io/use-waypoint': 'waypoint-typo' })], authorizationPolicies: [l7Viewer] }),
      expected: [
        { code: 'MP315', severity: 'error', objects: ['Namespace/default', 'Service/default/productpage'] },
        { code: 'MP312', severity: 'warning', objects: ['AuthorizationPolicy/default/productpage-viewer', 'Service/default/productpage'] },
      ],
    },
    {
      name: 'MP315: a pod labelled with a waypoint that only processes service traffic (https://istio.io/latest/docs/ambient/usage/waypoint/ debugging step 2)',
      input: base({ namespaces: [ambientNs()], pods: [{ ...productpage, meta: { ...productpage.meta, labels: { ...productpage.meta.labels, 'istio.io/use-waypoint': 'waypoint' } } }] }),
      expected: [{ code: 'MP315', severity: 'error', objects: ['Pod/default/productpage-v1-0'] }],
    },
    {
      // istio/istio#51445 (open: sidecar → waypoint interop); #57729: "sidecar traffic by-passes waypoint while going to ambient service".
      name: 'MP316: a sidecar workload in the mesh skips the waypoint that enforces productpage-viewer',
      input: base({ namespaces: [ambientNs({ 'istio.io/use-waypoint': 'waypoint' }), legacyNs], pods: [productpage, sidecarClient], authorizationPolicies: [l7Viewer] }),
      expected: [{ code: 'MP316', severity: 'warning', objects: ['Service/default/productpage', 'AuthorizationPolicy/default/productpage-viewer'] }],
    },
    {
      name: 'no MP316 without policies at the waypoint, or without sidecar workloads',
      input: base({ namespaces: [ambientNs({ 'istio.io/use-waypoint': 'waypoint' }), legacyNs], pods: [productpage, sidecarClient] }),
      expected: [],
    },
    {
      name: 'Gateway forbidden: the waypoint checks are skipped, never guessed',
      input: base({ namespaces: [ambientNs({ 'istio.io/use-waypoint': 'waypoint-typo' }), legacyNs], pods: [productpage, sidecarClient], authorizationPolicies: [l7Viewer, onlyCurlAtZtunnel], kinds: { Gateway: { status: 'forbidden', asOf: null } } }),
      expected: [],
    },
  ])('$name', ({ input, expected }) => {
    expect(summaries(input, CODES)).toEqual(expected);
  });
});
