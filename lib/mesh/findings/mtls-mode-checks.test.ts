import { describe, expect, it } from 'vitest';
import { aNamespace, aPeerAuthentication, aPod } from '@/test/builders';
import { findingsFor, summaries, type SnapshotInput } from './testing';

const CODES = ['MP107', 'MP108', 'MP109'];
const ambientNs = aNamespace('recs', { 'istio.io/dataplane-mode': 'ambient' });
const featureStore = (name: string, dataplane: 'sidecar' | 'none') => aPod({ name, namespace: 'recs', labels: { app: 'feature-store' }, ports: [8080, 2525], dataplane });

describe('namespace and mode checks', () => {
  const cases: { name: string; input: SnapshotInput; expected: ReturnType<typeof summaries> }[] = [
    {
      name: 'MP107: every pod of the namespace lacks a dataplane',
      input: { pods: [aPod({ name: 'a', namespace: 'legacy', dataplane: 'none' }), aPod({ name: 'b', namespace: 'legacy', dataplane: 'none' })] },
      expected: [{ code: 'MP107', severity: 'warning', objects: ['Namespace/legacy'] }],
    },
    {
      name: 'no MP107: one pod has a sidecar',
      input: { pods: [aPod({ name: 'a', namespace: 'legacy', dataplane: 'none' }), aPod({ name: 'b', namespace: 'legacy' })] },
      expected: [],
    },
    {
      name: 'no MP107: kube-system, local-path-storage and the root namespace are left out',
      input: {
        pods: [
          aPod({ name: 'coredns', namespace: 'kube-system', dataplane: 'none' }),
          aPod({ name: 'provisioner', namespace: 'local-path-storage', dataplane: 'none' }),
          aPod({ name: 'istiod', namespace: 'istio-system', dataplane: 'none' }),
        ],
      },
      expected: [],
    },
    {
      name: 'MP108: a sidecar port DISABLE by portLevelMtls (pods aggregated, the policy named)',
      input: {
        pods: [aPod({ name: 'mail-1', namespace: 'n', labels: { app: 'mail' }, ports: [8080, 2525] }), aPod({ name: 'mail-2', namespace: 'n', labels: { app: 'mail' }, ports: [8080, 2525] })],
        peerAuthentications: [aPeerAuthentication({ name: 'smtp', namespace: 'n', selector: { app: 'mail' }, portLevelMtls: { 2525: 'DISABLE' } })],
      },
      expected: [{ code: 'MP108', severity: 'info', objects: ['Pod/n/mail-1', 'Pod/n/mail-2', 'PeerAuthentication/n/smtp'] }],
    },
    {
      name: 'MP108: a namespace-level DISABLE makes every port plaintext-only',
      input: { pods: [aPod({ name: 'mail-1', namespace: 'n', labels: { app: 'mail' }, ports: [8080] })], peerAuthentications: [aPeerAuthentication({ name: 'default', namespace: 'n', mode: 'DISABLE' })] },
      expected: [{ code: 'MP108', severity: 'info', objects: ['Pod/n/mail-1', 'PeerAuthentication/n/default'] }],
    },
    {
      name: 'no MP108: a PERMISSIVE port',
      input: {
        pods: [aPod({ name: 'mail-1', namespace: 'n', labels: { app: 'mail' }, ports: [8080, 2525] })],
        peerAuthentications: [aPeerAuthentication({ name: 'smtp', namespace: 'n', selector: { app: 'mail' }, mode: 'STRICT', portLevelMtls: { 2525: 'PERMISSIVE' } })],
      },
      expected: [],
    },
    {
      name: 'MP109 (not MP108): a workload DISABLE selecting ambient pods',
      input: {
        namespaces: [ambientNs],
        pods: [featureStore('fs-1', 'none'), featureStore('fs-2', 'none')],
        peerAuthentications: [aPeerAuthentication({ name: 'fs-plaintext', namespace: 'recs', selector: { app: 'feature-store' }, mode: 'DISABLE' })],
      },
      expected: [{ code: 'MP109', severity: 'info', objects: ['Pod/recs/fs-1', 'Pod/recs/fs-2', 'PeerAuthentication/recs/fs-plaintext'] }],
    },
    {
      name: 'MP109: a DISABLE port level on an ambient pod',
      input: {
        namespaces: [ambientNs],
        pods: [featureStore('fs-1', 'none')],
        peerAuthentications: [aPeerAuthentication({ name: 'fs', namespace: 'recs', selector: { app: 'feature-store' }, mode: 'STRICT', portLevelMtls: { 2525: 'DISABLE' } })],
      },
      expected: [{ code: 'MP109', severity: 'info', objects: ['Pod/recs/fs-1', 'PeerAuthentication/recs/fs'] }],
    },
    {
      name: 'no MP109: the ambient pods are STRICT',
      input: { namespaces: [ambientNs], pods: [featureStore('fs-1', 'none')], peerAuthentications: [aPeerAuthentication({ name: 'default', namespace: 'recs', mode: 'STRICT' })] },
      expected: [],
    },
  ];
  it.each(cases)('$name', ({ input, expected }) => {
    expect(summaries(input, CODES)).toEqual(expected);
  });

  it('MP108 message lists the ports and the policy', () => {
    const [f] = findingsFor(
      {
        pods: [aPod({ name: 'mail-1', namespace: 'n', labels: { app: 'mail' }, ports: [8080, 2525] })],
        peerAuthentications: [aPeerAuthentication({ name: 'smtp', namespace: 'n', selector: { app: 'mail' }, portLevelMtls: { 2525: 'DISABLE' } })],
      },
      ['MP108'],
    );
    expect(f?.message).toBe('workload mail (1 pod) in namespace n accepts plaintext only (DISABLE) on 2525, set by PeerAuthentication n/smtp');
  });

  it('MP107 says when the namespace is labelled but the pods were not injected', () => {
    const [f] = findingsFor({ namespaces: [aNamespace('legacy', { 'istio-injection': 'enabled' })], pods: [aPod({ name: 'a', namespace: 'legacy', dataplane: 'none' })] }, ['MP107']);
    expect(f?.message).toBe('Namespace legacy has 1 pod and none has a sidecar or ztunnel: it is labelled for the mesh, so the pods predate the label or opted out; restart them to inject');
  });

  it('Namespace unreadable: no MP107 (ambient enrolment comes from namespace labels)', () => {
    expect(summaries({ pods: [aPod({ name: 'a', namespace: 'legacy', dataplane: 'none' })], kinds: { Namespace: { status: 'forbidden', asOf: null } } }, CODES)).toEqual([]);
  });
});
