// The incremental engine's contract: after any sequence of events, computePostureIncremental(previous, next) gives
// exactly what computePostureDetailed(next) gives, and it takes the incremental path for namespace-local events.
import { describe, expect, it } from 'vitest';
import { buildSnapshot } from '@/lib/snapshot/build-snapshot';
import { createParseCache } from '@/lib/snapshot/parse-cache';
import { createPrng, MESH_EVENTS, MeshUnderEvents, type MeshEvent } from '@/test/incremental/mesh-events';
import { computePostureDetailed, type PostureComputation } from './compute-posture';
import { computePostureIncremental, prepareIncremental } from './compute-posture-incremental';

const NOW = '2026-05-01T00:00:00Z';
const LATER = '2026-05-01T00:00:07Z';
const SMALL_MESH = { pods: 300, namespaces: 20, policiesPerNamespace: 5 } as const;

interface Step {
  readonly event: string;
  readonly fullReason: string | null;
}

/** Applies `events` one by one; after each, the incremental result must equal a full recompute of the same snapshot. */
function replay(seed: number, count: number, events: readonly MeshEvent[] = MESH_EVENTS, prepare = false): Step[] {
  const mesh = new MeshUnderEvents({ ...SMALL_MESH, seed });
  const prng = createPrng(seed, 4242);
  let previous: PostureComputation = computePostureDetailed(mesh.snapshot(NOW), { now: NOW });
  if (prepare) prepareIncremental(previous);
  const steps: Step[] = [];
  for (let i = 0; i < count; i++) {
    const event = mesh.apply(prng, events);
    // Every few events the clock moves on, as in the live posture (certificates are judged at `now`).
    const now = i % 4 === 3 ? LATER : NOW;
    const snapshot = mesh.snapshot(now);
    let fullReason: string | null = null;
    const next = computePostureIncremental(previous, snapshot, { now, onStrategy: (r) => (fullReason = r) });
    expect(next.model, `step ${i}: ${event}`).toEqual(computePostureDetailed(snapshot, { now }).model);
    expect(next.index.snapshot).toBe(snapshot);
    steps.push({ event, fullReason });
    // As the live posture does: after a full recompute, what the next incremental step needs is prepared ahead.
    if (prepare && fullReason !== null) prepareIncremental(next);
    previous = next;
  }
  return steps;
}

describe('computePostureIncremental equals a full recompute', () => {
  it.each([1, 2, 3])('after each of 50 random events of every kind (seed %i)', (seed) => {
    const steps = replay(seed, 50);
    expect(steps.some((s) => s.fullReason === null)).toBe(true);
  });

  const LOCAL: readonly MeshEvent[] = [
    'pod-labels', 'pod-delete', 'pod-add', 'pod-loses-sidecar', 'pod-env-names-other-namespace', 'plaintext-client-delete', 'service-selector', 'namespace-labels',
    'peer-authentication-mode', 'peer-authentication-add', 'authorization-policy-add', 'authorization-policy-delete',
    'request-authentication-add', 'telemetry-add', 'root-cert-configmap', 'proxy-certificate', 'use-waypoint-label', 'waypoint-policy-add',
  ];

  it.each([1, 2])('after each of 50 random events, with the incremental state prepared after every full recompute (seed %i)', (seed) => {
    const steps = replay(seed, 50, MESH_EVENTS, true);
    expect(steps.some((s) => s.fullReason === null)).toBe(true);
    expect(steps.some((s) => s.fullReason !== null)).toBe(true);
  });

  it('after 60 namespace-local events, every one of them computed incrementally', () => {
    const steps = replay(4, 60, LOCAL);
    expect(steps.filter((s) => s.fullReason !== null)).toEqual([]);
  });
});

it('when a pod without a dataplane names a Service of another namespace, then goes away (MP105/MP106 across namespaces)', () => {
  const steps = replay(8, 12, ['pod-env-names-other-namespace', 'plaintext-client-delete']);
  expect(steps.filter((s) => s.fullReason !== null)).toEqual([]);
});

it('with waypoints: Gateways, use-waypoint labels and waypoint policies among local events (MP312–MP316 stay equal)', () => {
  const steps = replay(9, 40, ['waypoint-add', 'use-waypoint-label', 'waypoint-policy-add', 'pod-labels', 'pod-add', 'service-selector', 'namespace-labels', 'authorization-policy-delete']);
  expect(steps.some((s) => s.event === 'waypoint-add')).toBe(true);
  expect(steps.filter((s) => s.event !== 'waypoint-add' && s.fullReason !== null)).toEqual([]);
});

describe('computePostureIncremental falls back to a full recompute', () => {
  it.each<[MeshEvent, string]>([
    ['root-peer-authentication-mode', 'an object of the root namespace changed'],
    ['root-peer-authentication-add', 'an object of the root namespace changed'],
    ['root-authorization-policy-add', 'an object of the root namespace changed'],
    ['destination-rule-tls', 'a DestinationRule changed'],
    ['mesh-config', 'the mesh config changed'],
    ['waypoint-add', 'a Gateway (waypoint) changed'],
  ])('on %s: %s', (event, reason) => {
    const steps = replay(5, 3, [event]);
    expect(steps.map((s) => s.fullReason)).toEqual([reason, reason, reason]);
  });

  it('when the provenance of a kind changes, but not when only its asOf moves', () => {
    const mesh = new MeshUnderEvents({ ...SMALL_MESH, seed: 6 });
    const first = mesh.snapshot(NOW);
    const previous = computePostureDetailed(first, { now: NOW });
    const reasons: (string | null)[] = [];
    const onStrategy = (r: string | null) => reasons.push(r);
    const resynced = { ...first, kinds: { ...first.kinds, Pod: { status: 'ok' as const, asOf: LATER } } };
    const forbidden = { ...first, kinds: { ...first.kinds, Pod: { status: 'forbidden' as const, asOf: null, reason: 'pods is forbidden' } } };
    expect(computePostureIncremental(previous, resynced, { now: NOW, onStrategy }).model).toEqual(computePostureDetailed(resynced, { now: NOW }).model);
    expect(computePostureIncremental(previous, forbidden, { now: NOW, onStrategy }).model).toEqual(computePostureDetailed(forbidden, { now: NOW }).model);
    expect(reasons).toEqual([null, 'the provenance of a kind changed']);
  });

  it('when the source changes', () => {
    const mesh = new MeshUnderEvents({ ...SMALL_MESH, seed: 7 });
    const first = mesh.snapshot(NOW);
    const reasons: (string | null)[] = [];
    computePostureIncremental(computePostureDetailed(first, { now: NOW }), { ...first, source: 'elsewhere' }, { now: NOW, onStrategy: (r) => reasons.push(r) });
    expect(reasons).toEqual(['the source changed']);
  });
});

describe('computePostureIncremental follows the witness of a DestinationRule conflict', () => {
  const ns = (name: string) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { 'istio-injection': 'enabled' } } });
  const sidecarPod = (namespace: string, name: string, app: string) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels: { app }, annotations: { 'sidecar.istio.io/status': '{}' } },
    spec: { serviceAccountName: app, containers: [{ name: app, image: `${app}:1`, ports: [{ containerPort: 8080 }] }, { name: 'istio-proxy', image: 'proxyv2' }] },
  });
  const objects = [
    ns('istio-system'), ns('a-clients'), ns('b-clients'), ns('payments'),
    sidecarPod('a-clients', 'client-1', 'client'),
    sidecarPod('b-clients', 'client-2', 'client'),
    sidecarPod('payments', 'api-1', 'api'),
    { apiVersion: 'v1', kind: 'Service', metadata: { name: 'api', namespace: 'payments' }, spec: { selector: { app: 'api' }, ports: [{ name: 'http', port: 80, targetPort: 8080 }] } },
    { apiVersion: 'security.istio.io/v1', kind: 'PeerAuthentication', metadata: { name: 'default', namespace: 'payments' }, spec: { mtls: { mode: 'STRICT' } } },
    { apiVersion: 'networking.istio.io/v1', kind: 'DestinationRule', metadata: { name: 'api', namespace: 'payments' }, spec: { host: 'api.payments.svc.cluster.local', trafficPolicy: { tls: { mode: 'DISABLE' } } } },
  ];

  it('when the first namespace without rules loses its client, the next one witnesses the rule', () => {
    const parseCache = createParseCache();
    const build = (raws: readonly unknown[]) => buildSnapshot(raws.map((raw) => ({ raw })), { source: 's', asOf: NOW, parseCache });
    const before = computePostureDetailed(build(objects), { now: NOW });
    const witness = (c: PostureComputation) => c.model.findings.filter((f) => f.code === 'MP201').map((f) => f.message.replace(/.*sidecar clients such as (\S+) .*/, '$1'));
    expect(witness(before)).toEqual(['a-clients/client-1']);

    const after = build(objects.filter((o) => o.metadata.name !== 'client-1'));
    const reasons: (string | null)[] = [];
    // A first incremental step records what the conflict findings read; the second one relies on it.
    const settled = computePostureIncremental(before, build(objects), { now: NOW, onStrategy: (r) => reasons.push(r) });
    const next = computePostureIncremental(settled, after, { now: NOW, onStrategy: (r) => reasons.push(r) });
    expect(reasons).toEqual([null, null]);
    expect(next.model).toEqual(computePostureDetailed(after, { now: NOW }).model);
    expect(witness(next)).toEqual(['b-clients/client-2']);
  });

  it('from a full computation prepared ahead (prepareIncremental), the first step already follows the witness', () => {
    const parseCache = createParseCache();
    const build = (raws: readonly unknown[]) => buildSnapshot(raws.map((raw) => ({ raw })), { source: 's', asOf: NOW, parseCache });
    const before = computePostureDetailed(build(objects), { now: NOW });
    prepareIncremental(before);
    const after = build(objects.filter((o) => o.metadata.name !== 'client-1'));
    const reasons: (string | null)[] = [];
    const next = computePostureIncremental(before, after, { now: NOW, onStrategy: (r) => reasons.push(r) });
    expect(reasons).toEqual([null]);
    expect(next.model).toEqual(computePostureDetailed(after, { now: NOW }).model);
  });

  it('when a client appears in a namespace without rules that comes first, it becomes the witness', () => {
    const parseCache = createParseCache();
    const build = (raws: readonly unknown[]) => buildSnapshot(raws.map((raw) => ({ raw })), { source: 's', asOf: NOW, parseCache });
    const witness = (c: PostureComputation) => c.model.findings.filter((f) => f.code === 'MP201').map((f) => f.message.replace(/.*sidecar clients such as (\S+) .*/, '$1'));
    const settled = computePostureIncremental(computePostureDetailed(build(objects), { now: NOW }), build(objects), { now: NOW });
    const after = build([ns('aa-clients'), sidecarPod('aa-clients', 'client-0', 'client'), ...objects]);
    const reasons: (string | null)[] = [];
    const next = computePostureIncremental(settled, after, { now: NOW, onStrategy: (r) => reasons.push(r) });
    expect(reasons).toEqual([null]);
    expect(next.model).toEqual(computePostureDetailed(after, { now: NOW }).model);
    expect(witness(next)).toEqual(['aa-clients/client-0']);
  });

  it('when no client witnessed the rule and a pod elsewhere gains a sidecar, it becomes the witness', () => {
    const parseCache = createParseCache();
    const build = (raws: readonly unknown[]) => buildSnapshot(raws.map((raw) => ({ raw })), { source: 's', asOf: NOW, parseCache });
    const witness = (c: PostureComputation) => c.model.findings.filter((f) => f.code === 'MP201').map((f) => f.message.replace(/.*sidecar clients such as (\S+) .*/, '$1'));
    const plain = { ...sidecarPod('legacy', 'batch-1', 'batch'), metadata: { name: 'batch-1', namespace: 'legacy', labels: { app: 'batch' }, annotations: {} } };
    const alone = [...objects.filter((o) => !o.metadata.name.startsWith('client-')), { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'legacy' } }];
    const first = build([...alone, { ...plain, spec: { ...plain.spec, containers: [plain.spec.containers[0]] } }]);
    const settled = computePostureIncremental(computePostureDetailed(first, { now: NOW }), first, { now: NOW });
    expect(witness(settled)).toEqual([]);
    const after = build([...alone, sidecarPod('legacy', 'batch-1', 'batch')]);
    const reasons: (string | null)[] = [];
    const next = computePostureIncremental(settled, after, { now: NOW, onStrategy: (r) => reasons.push(r) });
    expect(reasons).toEqual([null]);
    expect(next.model).toEqual(computePostureDetailed(after, { now: NOW }).model);
    expect(witness(next)).toEqual(['legacy/batch-1']);
  });
});

describe('computePostureIncremental with findings that span namespaces', () => {
  const ns = (name: string) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { 'istio-injection': 'enabled' } } });
  const sidecarPod = (namespace: string, name: string) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels: { app: 'api' }, annotations: { 'sidecar.istio.io/status': '{}' } },
    spec: { serviceAccountName: 'api', containers: [{ name: 'api', image: 'api:1', ports: [{ containerPort: 8080 }] }, { name: 'istio-proxy', image: 'proxyv2' }] },
  });
  const custom = (name: string, provider: string) => ({
    apiVersion: 'security.istio.io/v1', kind: 'AuthorizationPolicy', metadata: { name, namespace: 'istio-system' },
    spec: { action: 'CUSTOM', provider: { name: provider }, selector: { matchLabels: { app: 'api' } }, rules: [{}] },
  });
  const objects = [ns('istio-system'), ns('a'), ns('b'), sidecarPod('a', 'api-1'), sidecarPod('b', 'api-2'), custom('ext-1', 'one'), custom('ext-2', 'two')];

  it('when root-namespace CUSTOM policies name two providers, one MP308 finding lists the pods of every namespace', () => {
    const parseCache = createParseCache();
    const build = (raws: readonly unknown[]) => buildSnapshot(raws.map((raw) => ({ raw })), { source: 's', asOf: NOW, parseCache });
    const settled = computePostureIncremental(computePostureDetailed(build(objects), { now: NOW }), build(objects), { now: NOW });
    const after = build([...objects, sidecarPod('b', 'api-3')]);
    const reasons: (string | null)[] = [];
    const next = computePostureIncremental(settled, after, { now: NOW, onStrategy: (r) => reasons.push(r) });
    expect(reasons).toEqual([null]);
    expect(next.model).toEqual(computePostureDetailed(after, { now: NOW }).model);
    expect(next.model.findings.filter((f) => f.code === 'MP308').map((f) => f.objects.filter((o) => o.startsWith('Pod/')))).toEqual([['Pod/a/api-1', 'Pod/b/api-2', 'Pod/b/api-3']]);
  });
});
