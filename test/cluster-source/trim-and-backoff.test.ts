// Objects are trimmed before they are cached, and restarts back off exponentially with jitter.
import { describe, expect, it } from 'vitest';
import { backoffDelay } from '@/lib/sources/cluster/backoff';
import { KIND_TABLE } from '@/lib/sources/cluster/kind-table';
import { trimObject } from '@/lib/sources/cluster/list-kind';

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
