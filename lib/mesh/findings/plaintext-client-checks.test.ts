import { describe, expect, it } from 'vitest';
import { aDestinationRule, aNamespace, aPeerAuthentication, aPod, aService } from '@/test/builders';
import { envHostTokens } from './likely-clients';
import { findingsFor, summaries, type SnapshotInput } from './testing';

const CODES = ['MP105', 'MP106'];
const strict = (namespace: string) => aPeerAuthentication({ name: 'default', namespace, mode: 'STRICT' });
const permissive = (namespace: string) => aPeerAuthentication({ name: 'default', namespace, mode: 'PERMISSIVE' });
const reviews = (name: string, dataplane: 'sidecar' | 'ambient-label' = 'sidecar') =>
  aPod({ name, namespace: 'bookinfo', labels: { app: 'reviews' }, ports: [9080], dataplane });
const reviewsSvc = aService({ name: 'reviews', namespace: 'bookinfo', ports: [{ name: 'http', port: 9080, targetPort: 9080, protocol: 'TCP' }] });
const naked = (name: string, namespace: string, envValues: string[] = []) => aPod({ name, namespace, labels: { app: name }, dataplane: 'none', envValues });
const meshed = (name: string, namespace: string, envValues: string[] = []) => aPod({ name, namespace, labels: { app: name }, envValues });

describe('MP105 STRICT server with likely clients without a dataplane', () => {
  const cases: { name: string; input: SnapshotInput; expected: ReturnType<typeof summaries> }[] = [
    {
      name: 'a naked pod in the same namespace as a STRICT workload (one finding for both replicas)',
      input: { pods: [reviews('reviews-1'), reviews('reviews-2'), naked('legacy', 'bookinfo')], services: [reviewsSvc], peerAuthentications: [strict('bookinfo')] },
      expected: [{ code: 'MP105', severity: 'error', objects: ['Pod/bookinfo/reviews-1', 'Pod/bookinfo/reviews-2', 'Pod/bookinfo/legacy'] }],
    },
    {
      name: 'a naked pod elsewhere whose env URL names the Service (<svc>.<ns>)',
      input: { pods: [reviews('reviews-1'), naked('batch', 'legacy', ['http://reviews.bookinfo:9080/api'])], services: [reviewsSvc], peerAuthentications: [strict('bookinfo')] },
      expected: [{ code: 'MP105', severity: 'error', objects: ['Pod/bookinfo/reviews-1', 'Pod/legacy/batch'] }],
    },
    {
      name: 'host:port form with the full cluster name',
      input: { pods: [reviews('reviews-1'), naked('batch', 'legacy', ['reviews.bookinfo.svc.cluster.local:9080'])], services: [reviewsSvc], peerAuthentications: [strict('bookinfo')] },
      expected: [{ code: 'MP105', severity: 'error', objects: ['Pod/bookinfo/reviews-1', 'Pod/legacy/batch'] }],
    },
    {
      name: 'ambient STRICT server: ztunnel denies the plaintext client too (A-3)',
      input: {
        pods: [reviews('reviews-1', 'ambient-label'), naked('batch', 'legacy', ['http://reviews.bookinfo/'])],
        services: [reviewsSvc],
        peerAuthentications: [strict('bookinfo')],
      },
      expected: [{ code: 'MP105', severity: 'error', objects: ['Pod/bookinfo/reviews-1', 'Pod/legacy/batch'] }],
    },
    {
      name: 'no MP105: the server is PERMISSIVE',
      input: { pods: [reviews('reviews-1'), naked('legacy', 'bookinfo')], services: [reviewsSvc], peerAuthentications: [permissive('bookinfo')] },
      expected: [],
    },
    {
      name: 'no MP105: from another namespace the bare name "reviews" resolves to that namespace, not bookinfo',
      input: { pods: [reviews('reviews-1'), naked('batch', 'legacy', ['http://reviews:9080/'])], services: [reviewsSvc], peerAuthentications: [strict('bookinfo')] },
      expected: [],
    },
    {
      name: 'no MP105: the client has a sidecar',
      input: { pods: [reviews('reviews-1'), meshed('productpage', 'bookinfo', ['http://reviews:9080'])], services: [reviewsSvc], peerAuthentications: [strict('bookinfo')] },
      expected: [],
    },
    {
      name: 'no MP105: the only STRICT-free port is the one the PA exempts, and the workload is PERMISSIVE',
      input: {
        pods: [reviews('reviews-1'), naked('legacy', 'bookinfo')],
        services: [reviewsSvc],
        peerAuthentications: [aPeerAuthentication({ name: 'r', namespace: 'bookinfo', selector: { app: 'reviews' }, mode: 'STRICT', portLevelMtls: { 9080: 'PERMISSIVE' } })],
      },
      expected: [],
    },
  ];
  it.each(cases)('$name', ({ input, expected }) => {
    expect(summaries(input, ['MP105'])).toEqual(expected);
  });

  it('names the ports, the clients and why each is a likely client; verify commands are quoted', () => {
    const [f] = findingsFor({ pods: [reviews('reviews-1'), naked('batch', 'legacy', ['REVIEWS=http://reviews.bookinfo:9080/'])], services: [reviewsSvc], peerAuthentications: [strict('bookinfo')] }, ['MP105']);
    expect(f?.message).toBe(
      'workload reviews (1 pod) in namespace bookinfo is STRICT on port 9080, but 1 likely client without a sidecar or ztunnel sends plaintext and is reset: legacy/batch (env names reviews.bookinfo)',
    );
    expect(f?.verify).toEqual([
      "istioctl x describe pod 'reviews-1' -n 'bookinfo'",
      "kubectl exec 'batch' -n 'legacy' -- curl -sS -o /dev/null -w '%{http_code}' 'http://reviews.bookinfo.svc.cluster.local:9080/'",
    ]);
  });
});

describe('MP106 PERMISSIVE namespace ready for STRICT', () => {
  const cases: { name: string; input: SnapshotInput; expected: ReturnType<typeof summaries> }[] = [
    {
      name: 'namespace PERMISSIVE, every pod meshed, the only outside client meshed too',
      input: {
        pods: [reviews('reviews-1'), meshed('productpage', 'web', ['http://reviews.bookinfo:9080'])],
        services: [reviewsSvc],
        peerAuthentications: [permissive('bookinfo'), strict('web')],
      },
      expected: [{ code: 'MP106', severity: 'info', objects: ['Namespace/bookinfo', 'PeerAuthentication/bookinfo/default'] }],
    },
    {
      name: 'no PeerAuthentication at all: the workloads are PERMISSIVE by default',
      input: { pods: [reviews('reviews-1')], services: [reviewsSvc] },
      expected: [{ code: 'MP106', severity: 'info', objects: ['Namespace/bookinfo'] }],
    },
    {
      name: 'no MP106: one naked pod in the namespace',
      input: { pods: [reviews('reviews-1'), naked('legacy', 'bookinfo')], services: [reviewsSvc], peerAuthentications: [permissive('bookinfo')] },
      expected: [],
    },
    {
      name: 'no MP106: a naked pod elsewhere names the Service',
      input: { pods: [reviews('reviews-1'), naked('batch', 'legacy', ['reviews.bookinfo:9080'])], services: [reviewsSvc], peerAuthentications: [permissive('bookinfo')] },
      expected: [],
    },
    {
      name: 'no MP106: the namespace is already STRICT (a PERMISSIVE metrics port is a deliberate exception)',
      input: {
        pods: [reviews('reviews-1')],
        services: [reviewsSvc],
        peerAuthentications: [strict('bookinfo'), aPeerAuthentication({ name: 'metrics', namespace: 'bookinfo', selector: { app: 'reviews' }, portLevelMtls: { 15020: 'PERMISSIVE' } })],
      },
      expected: [],
    },
    // The root namespace's PeerAuthentication is the mesh-wide policy (PA-1): "STRICT there" means STRICT everywhere.
    {
      name: 'no MP106 for the root namespace, however ready its own pods are',
      input: {
        pods: [aPod({ name: 'istiod-1', namespace: 'istio-system', labels: { app: 'istiod' }, ports: [15012] })],
        services: [aService({ name: 'istiod', namespace: 'istio-system', ports: [{ name: 'grpc-xds', port: 15012, targetPort: 15012, protocol: 'TCP' }] })],
        peerAuthentications: [permissive('istio-system')],
      },
      expected: [],
    },
    // C-4: a DestinationRule's tls.mode DISABLE makes a sidecar client send plaintext, which STRICT resets (the
    // transport is the reachability engine's, asked as if the server were STRICT).
    {
      name: 'no MP106: a sidecar client in the namespace sends plaintext through a DestinationRule tls DISABLE',
      input: {
        pods: [reviews('reviews-1'), meshed('ratings', 'bookinfo')],
        services: [reviewsSvc],
        peerAuthentications: [permissive('bookinfo')],
        destinationRules: [aDestinationRule({ name: 'reviews-plain', namespace: 'bookinfo', host: 'reviews', trafficPolicy: { tls: { mode: 'DISABLE', subjectAltNames: [] }, portLevelSettings: [] } })],
      },
      expected: [],
    },
    {
      name: 'MP106 with a DestinationRule ISTIO_MUTUAL (mTLS either way)',
      input: {
        pods: [reviews('reviews-1'), meshed('ratings', 'bookinfo')],
        services: [reviewsSvc],
        peerAuthentications: [permissive('bookinfo')],
        destinationRules: [aDestinationRule({ name: 'reviews-mtls', namespace: 'bookinfo', host: 'reviews', trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL', subjectAltNames: [] }, portLevelSettings: [] } })],
      },
      expected: [{ code: 'MP106', severity: 'info', objects: ['Namespace/bookinfo', 'PeerAuthentication/bookinfo/default'] }],
    },
    {
      name: 'no MP106 when DestinationRules could not be read (what sidecar clients send is unknown)',
      input: { pods: [reviews('reviews-1')], services: [reviewsSvc], peerAuthentications: [permissive('bookinfo')], kinds: { DestinationRule: { status: 'forbidden', asOf: null } } },
      expected: [],
    },
    {
      name: 'no MP106 when Services could not be read (outside clients unknown)',
      input: { pods: [reviews('reviews-1')], services: [], peerAuthentications: [permissive('bookinfo')], kinds: { Service: { status: 'forbidden', asOf: null } } },
      expected: [],
    },
  ];
  it.each(cases)('$name', ({ input, expected }) => {
    expect(summaries(input, ['MP106'])).toEqual(expected);
  });

  it('an ambient namespace counts like a sidecar one', () => {
    const input: SnapshotInput = {
      namespaces: [aNamespace('bookinfo', { 'istio.io/dataplane-mode': 'ambient' })],
      pods: [aPod({ name: 'reviews-1', namespace: 'bookinfo', labels: { app: 'reviews' }, ports: [9080], dataplane: 'none' })],
      services: [reviewsSvc],
      peerAuthentications: [permissive('bookinfo')],
    };
    expect(summaries(input, CODES)).toEqual([{ code: 'MP106', severity: 'info', objects: ['Namespace/bookinfo', 'PeerAuthentication/bookinfo/default'] }]);
  });
});

describe('envHostTokens', () => {
  it.each([
    { value: 'http://user@Reviews.Bookinfo:9080/path?q=1', hosts: ['reviews.bookinfo'] },
    { value: 'kafka-0.kafka.data:9092,kafka-1.kafka.data:9092', hosts: ['kafka-0.kafka.data', 'kafka-1.kafka.data'] },
    { value: 'reviews.bookinfo.svc.cluster.local.', hosts: ['reviews.bookinfo.svc.cluster.local'] },
    { value: 'postgres://app:secret@postgres.data:5432/db', hosts: ['postgres.data'] },
    { value: 'not a url: /var/run/x.sock', hosts: ['not', 'a'] },
    { value: '<script>alert(1)</script>', hosts: [] },
  ])('$value', ({ value, hosts }) => {
    expect(envHostTokens(value)).toEqual(hosts);
  });
});
