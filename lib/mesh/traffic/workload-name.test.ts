// Istio's workload name, as istio/istio:pkg/kube/util.go GetDeployMetaFromPod derives it (and the proxies report in
// source_workload / destination_workload).
import { describe, expect, it } from 'vitest';
import { aPod } from '@/test/builders';
import { istioWorkloadName } from './workload-name';

const pod = (name: string, owner: { kind: string; name: string } | null, labels: Record<string, string> = {}) => ({ ...aPod({ name, namespace: 'shop', labels }), ...(owner ? { owner } : {}) });

describe('istioWorkloadName', () => {
  it.each([
    { case: 'a Deployment pod: the ReplicaSet name without -<pod-template-hash>', pod: pod('web-7d9f8c6b5-x2x9k', { kind: 'ReplicaSet', name: 'web-7d9f8c6b5' }, { 'pod-template-hash': '7d9f8c6b5' }), expected: 'web' },
    { case: 'a bare ReplicaSet (no hash label): the ReplicaSet', pod: pod('rs-abcde', { kind: 'ReplicaSet', name: 'rs' }), expected: 'rs' },
    { case: 'a hash that is not the suffix: the ReplicaSet', pod: pod('web-1', { kind: 'ReplicaSet', name: 'web-other' }, { 'pod-template-hash': '7d9f8c6b5' }), expected: 'web-other' },
    { case: 'a CronJob pod: the Job name without -<8 to 10 digits>', pod: pod('backup-28391040-abcde', { kind: 'Job', name: 'backup-28391040' }), expected: 'backup' },
    { case: 'a plain Job', pod: pod('migrate-abcde', { kind: 'Job', name: 'migrate' }), expected: 'migrate' },
    { case: 'a StatefulSet pod', pod: pod('db-0', { kind: 'StatefulSet', name: 'db' }), expected: 'db' },
    { case: 'a pod without a controller: itself', pod: pod('debug', null), expected: 'debug' },
    { case: 'a pod predicted from a controller', pod: { ...pod('api', null), predictedFrom: { kind: 'Deployment', name: 'api' } }, expected: 'api' },
  ])('$case', ({ pod: p, expected }) => {
    expect(istioWorkloadName(p)).toBe(expected);
  });
});
