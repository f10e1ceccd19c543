// The least-privilege suggestion's YAML: principals from Prometheus are hostile (only SPIFFE identities are written),
// and label values from manifests too: whatever they hold, the YAML parses back to the same policy.
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { computePostureDetailed } from '@/lib/mesh/compute-posture';
import { aPod, aSnapshot, NOW } from '@/test/builders';
import { policyPrincipal, suggestAllowPolicy } from './suggestion';

const clientWith = (principals: string[], plaintext = 0) => ({ source: 'shop/web', principals, requests: 10, mtls: 10, plaintext, unclassified: 0, lastPlaintextAt: null });

describe('suggestAllowPolicy', () => {
  it.each([
    ['a YAML word', 'yes'],
    ['a number', '0x1F'],
    ['quotes, a colon and a line break', 'x"y: z\n- evil: true'],
    ['a leading star', '*alias'],
  ])('writes a label value that is %s so that it parses back unchanged', (_case, app) => {
    const computation = computePostureDetailed(aSnapshot({ pods: [aPod({ name: 'api', namespace: 'pay', labels: { app } })] }), { now: NOW });
    const s = suggestAllowPolicy(computation.workloads, 'api', [clientWith(['spiffe://cluster.local/ns/shop/sa/web'])], computation.index, NOW);
    expect(parse(s?.yaml ?? '')).toEqual({
      apiVersion: 'security.istio.io/v1',
      kind: 'AuthorizationPolicy',
      metadata: { name: 'api-observed-allow', namespace: 'pay' },
      spec: { selector: { matchLabels: { app } }, action: 'ALLOW', rules: [{ from: [{ source: { principals: ['cluster.local/ns/shop/sa/web'] } }] }] },
    });
    expect(s?.keeps).toEqual(['shop/web (cluster.local/ns/shop/sa/web)']);
  });

  it('never writes a principal that is not a SPIFFE identity, and lists it as denied', () => {
    expect(policyPrincipal('spiffe://cluster.local/ns/shop/sa/web')).toBe('cluster.local/ns/shop/sa/web');
    expect(policyPrincipal('spiffe://cluster.local/ns/shop/sa/web\n  - "*"')).toBeNull();
    const computation = computePostureDetailed(aSnapshot({ pods: [aPod({ name: 'api', namespace: 'pay', labels: { app: 'api' } })] }), { now: NOW });
    const s = suggestAllowPolicy(computation.workloads, 'api', [clientWith(['spiffe://cluster.local/ns/shop/sa/web', '*'], 2)], computation.index, NOW);
    expect(s?.principals).toEqual(['cluster.local/ns/shop/sa/web']);
    expect(s?.denies).toEqual([
      { source: 'shop/web', reason: 'principal "*" is not a SPIFFE identity the policy can name' },
      { source: 'shop/web', reason: 'sends plaintext: no peer principal for the policy to match' },
    ]);
  });
});
