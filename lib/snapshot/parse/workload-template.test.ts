import { describe, expect, it } from 'vitest';
import { buildSnapshot } from '../build-snapshot';

const deployment = (name: string, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: 'shop' },
  spec: { replicas: 2, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name, image: 'x', ports: [{ containerPort: 8080 }] }] } }, ...extra },
});
const pod = (name: string, owner: { kind: string; name: string }) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'shop', ownerReferences: [{ ...owner, controller: true }] },
  spec: { containers: [{ name: 'app' }] },
});

function pods(docs: unknown[]) {
  const s = buildSnapshot(docs.map((raw) => ({ raw })), { source: 't', asOf: '2026-01-01T00:00:00Z' });
  return { pods: s.pods.map((p) => ({ name: p.meta.name, predictedFrom: p.predictedFrom ?? null, labels: p.meta.labels })), issues: s.issues.map((i) => i.reason) };
}

describe('workload controllers become predicted pods when the source has none of theirs', () => {
  it('a Deployment alone is one predicted pod with the template labels, under the controller name', () => {
    expect(pods([deployment('web')])).toEqual({ pods: [{ name: 'web', predictedFrom: { kind: 'Deployment', name: 'web' }, labels: { app: 'web' } }], issues: [] });
  });

  it('a Deployment whose pods are in the source (through its ReplicaSet) is not predicted again', () => {
    const r = pods([deployment('web'), pod('web-7d9f8c6b5-x2x4z', { kind: 'ReplicaSet', name: 'web-7d9f8c6b5' })]);
    expect(r.pods.map((p) => p.name)).toEqual(['web-7d9f8c6b5-x2x4z']);
  });

  it('a pod of another Deployment with a longer name does not count as this one', () => {
    const r = pods([deployment('web'), pod('web-api-7d9f8c6b5-x2x4z', { kind: 'ReplicaSet', name: 'web-api-7d9f8c6b5' })]);
    expect(r.pods.map((p) => p.name).sort()).toEqual(['web', 'web-api-7d9f8c6b5-x2x4z']);
  });

  it.each([
    ['scaled to zero', deployment('web', { replicas: 0 })],
    ['a ReplicaSet managed by a Deployment', { ...deployment('web-7d9f8c6b5'), kind: 'ReplicaSet', metadata: { name: 'web-7d9f8c6b5', namespace: 'shop', ownerReferences: [{ kind: 'Deployment', name: 'web' }] } }],
  ])('%s predicts nothing', (_name, doc) => {
    expect(pods([doc]).pods).toEqual([]);
  });

  it('a CronJob predicts the pod of its job template', () => {
    const cron = { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'nightly', namespace: 'shop' }, spec: { jobTemplate: { spec: { template: { spec: { containers: [{ name: 'job' }] } } } } } };
    expect(pods([cron]).pods.map((p) => p.predictedFrom)).toEqual([{ kind: 'CronJob', name: 'nightly' }]);
  });

  it('a template without containers is reported with the field path, and nothing is predicted', () => {
    const bad = deployment('web', { template: { spec: { containers: [] } } });
    expect(pods([bad])).toEqual({ pods: [], issues: ['spec.template.spec.containers: a pod has at least one container'] });
  });
});
