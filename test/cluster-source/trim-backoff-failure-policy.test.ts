// Objects are trimmed before they are cached; restarts back off exponentially with jitter; each failure has its action.
import { describe, expect, it } from 'vitest';
import { backoffDelay } from '@/lib/sources/cluster/backoff';
import { onFailure, SilentStreamError } from '@/lib/sources/cluster/failure-policy';
import { KubeApiError } from '@/lib/sources/cluster/kube-client';
import { KIND_TABLE } from '@/lib/sources/cluster/kind-table';
import { trimObject } from '@/lib/sources/cluster/list-kind';
import { isOlderResourceVersion } from '@/lib/sources/cluster/kind-supervisor';

const spec = (id: string) => {
  const s = KIND_TABLE.find((k) => k.id === id);
  if (!s) throw new Error(id);
  return s;
};

describe('trimObject', () => {
  it('drops managedFields and the last-applied annotation, keeps the other annotations, fills apiVersion/kind left out of list items', () => {
    const raw = {
      metadata: {
        name: 'web',
        namespace: 'shop',
        managedFields: [{ manager: 'kubectl' }],
        annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"secret":"x"}', 'sidecar.istio.io/status': '{}' },
      },
      spec: { containers: [] },
    };
    expect(trimObject(spec('pods'), 'v1', raw)).toEqual({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web', namespace: 'shop', annotations: { 'sidecar.istio.io/status': '{}' } },
      spec: { containers: [] },
    });
    expect(raw.metadata.managedFields).toHaveLength(1); // the input is not mutated
  });

  it.each([
    ['istio', true],
    ['istio-1-27', true],
    ['istio-ca-root-cert', true],
    ['kube-root-ca.crt', false],
    ['app-settings', false],
  ])('ConfigMap %s is kept: %s (the engine reads the mesh config and the root certificates only)', (name, kept) => {
    const out = trimObject(spec('configmaps'), 'v1', { metadata: { name, namespace: 'istio-system' }, data: { k: 'v' } });
    expect(out !== null).toBe(kept);
  });

  it.each([
    { name: 'a pod keeps podIP and phase only', spec: 'pods', status: { phase: 'Running', podIP: '10.0.0.7', conditions: [{ type: 'Ready' }], containerStatuses: [{ name: 'app' }] }, expected: { phase: 'Running', podIP: '10.0.0.7' } },
    { name: 'a malformed podIP is kept for the parser to report', spec: 'pods', status: { podIP: 42, hostIP: '10.1.1.1' }, expected: { podIP: 42 } },
    { name: 'a status that is not an object is kept for the parser to report', spec: 'pods', status: 'running', expected: 'running' },
    { name: 'a Deployment keeps no status', spec: 'deployments.apps', status: { replicas: 3, conditions: [] }, expected: undefined },
  ])('status: $name', ({ spec: id, status, expected }) => {
    const out = trimObject(spec(id), 'v1', { metadata: { name: 'x', namespace: 'ns' }, spec: {}, status }) as Record<string, unknown>;
    expect(out['status']).toEqual(expected);
  });

  it('keeps what is not an object, so the snapshot builder reports it', () => {
    expect(trimObject(spec('pods'), 'v1', 'garbage')).toBe('garbage');
  });
});

describe('backoffDelay', () => {
  const tuning = { backoffBaseMs: 100, backoffMaxMs: 1_000 };
  it.each([
    { failures: 1, low: 50, high: 100 },
    { failures: 2, low: 100, high: 200 },
    { failures: 4, low: 400, high: 800 },
    { failures: 5, low: 500, high: 1_000 },
    { failures: 50, low: 500, high: 1_000 },
  ])('restart $failures waits between $low and $high ms', ({ failures, low, high }) => {
    expect([backoffDelay(failures, tuning, () => 0), backoffDelay(failures, tuning, () => 0.999999)]).toEqual([low, high]);
  });
});

describe('onFailure', () => {
  const tuning = { backoffBaseMs: 100, backoffMaxMs: 1_000, forbiddenRetryMs: 60_000, random: () => 0.5 };
  const cases: { name: string; error: unknown; failures: number; expected: Record<string, unknown> }[] = [
    { name: '410 as HTTP status: relist at once', error: new KubeApiError('gone', 410, 'Expired'), failures: 1, expected: { type: 'retry', relist: true, delayMs: 0 } },
    { name: '410 as a watch ERROR event', error: new KubeApiError('watch: ERROR event 410', 410, 'Expired'), failures: 1, expected: { type: 'retry', relist: true, delayMs: 0 } },
    { name: 'a 410 again right after: backoff', error: new KubeApiError('gone', 410), failures: 3, expected: { type: 'retry', relist: true, delayMs: 300 } },
    { name: 'a silent stream: resume at once', error: new SilentStreamError('silent'), failures: 1, expected: { type: 'retry', relist: false, delayMs: 0 } },
    { name: '429 with Retry-After', error: new KubeApiError('slow down', 429, 'TooManyRequests', 7_000), failures: 1, expected: { type: 'retry', relist: false, delayMs: 7_000 } },
    { name: '429 without Retry-After: backoff', error: new KubeApiError('slow down', 429), failures: 2, expected: { type: 'retry', relist: false, delayMs: 150 } },
    { name: '403', error: new KubeApiError('pods is forbidden', 403, 'Forbidden'), failures: 1, expected: { type: 'forbidden', delayMs: 60_000 } },
    { name: '404', error: new KubeApiError('not found', 404, 'NotFound'), failures: 1, expected: { type: 'absent', delayMs: 60_000 } },
    { name: 'no answer: unreachable, backoff', error: new KubeApiError('ECONNREFUSED', 0), failures: 4, expected: { type: 'retry', relist: false, delayMs: 600, reachable: false } },
    { name: '500: backoff', error: new KubeApiError('boom', 500), failures: 1, expected: { type: 'retry', relist: false, delayMs: 75, reachable: true } },
  ];
  it.each(cases)('$name', ({ error, failures, expected }) => {
    expect(onFailure(error, failures, tuning)).toMatchObject(expected);
  });
});

describe('isOlderResourceVersion', () => {
  it.each<[string, string, boolean]>([
    ['5', '50', true],
    ['50', '5', false],
    ['50', '50', false],
    ['99999999999999999999', '100000000000000000000', true], // beyond 2^53: compared exactly
    ['abc', '50', false], // opaque (not etcd-backed): never compared
    ['', '50', false],
    ['5', '', false],
  ])('%j older than %j: %s', (a, b, older) => {
    expect(isOlderResourceVersion(a, b)).toBe(older);
  });
});
