// The SPIRE agent socket a pod mounts (https://istio.io/latest/docs/ops/integrations/spire/: the SPIFFE CSI driver
// csi.spiffe.io, or a hostPath to the agent's socket folder), read as evidence of an external CA.
import { describe, expect, it } from 'vitest';
import { parsePod } from './core';

const pod = (volumes: unknown) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web-1', namespace: 'shop' }, spec: { containers: [{ name: 'app' }], volumes } });

describe('spireAgentSocket of a pod', () => {
  it.each([
    ['the SPIFFE CSI driver', [{ name: 'workload-socket', csi: { driver: 'csi.spiffe.io', readOnly: true } }], 'volume workload-socket: csi driver csi.spiffe.io'],
    ['a hostPath to /run/spire/sockets', [{ name: 'spire-agent-socket', hostPath: { path: '/run/spire/sockets', type: 'Directory' } }], 'volume spire-agent-socket: hostPath /run/spire/sockets'],
    ['a hostPath to /run/spire/agent-sockets', [{ name: 's', hostPath: { path: '/run/spire/agent-sockets' } }], 'volume s: hostPath /run/spire/agent-sockets'],
    ['another CSI driver', [{ name: 'secrets', csi: { driver: 'secrets-store.csi.k8s.io' } }], undefined],
    ['an unrelated hostPath', [{ name: 'logs', hostPath: { path: '/var/log' } }], undefined],
    ['hostile volume entries', [null, 42, 'x', { csi: 'no' }, { hostPath: { path: 7 } }], undefined],
    ['no volumes', undefined, undefined],
  ])('%s', (_, volumes, expected) => {
    const parsed = parsePod(pod(volumes), { defaultNamespace: 'default' });
    expect(parsed.ok && parsed.value.spireAgentSocket).toBe(parsed.ok ? expected : false);
  });
});
