import { describe, expect, it } from 'vitest';
import { aNamespace, anAuthorizationPolicy, aPeerAuthentication, aPod } from '@/test/builders';
import { FINDING_CHECKS, FINDING_SPECS } from './index';
import { commands, httpUrl, labels, sh } from './shell';
import { findingsFor } from './testing';

describe('computeFindings', () => {
  it('every catalogue code has at least one check, and every check a catalogue code', () => {
    const checked = new Set(FINDING_CHECKS.map((c) => c.code));
    expect([...new Set(FINDING_SPECS.map((s) => s.code))].filter((c) => !checked.has(c))).toEqual([]);
    expect([...checked].filter((c) => !FINDING_SPECS.some((s) => s.code === c))).toEqual([]);
  });

  it('sorts by severity, then code, then first object, with the catalogue severity and why', () => {
    const findings = findingsFor(
      {
        namespaces: [aNamespace('b-legacy'), aNamespace('a-legacy')],
        pods: [aPod({ name: 'x', namespace: 'b-legacy', dataplane: 'none' }), aPod({ name: 'y', namespace: 'a-legacy', dataplane: 'none' }), aPod({ name: 'z', namespace: 'shop', labels: { app: 'z' } })],
        peerAuthentications: [aPeerAuthentication({ name: 'gw', namespace: 'istio-system', selector: { app: 'gw' } })],
        authorizationPolicies: [anAuthorizationPolicy({ name: 'nothing', namespace: 'shop', rules: null })],
      },
      FINDING_SPECS.map((s) => s.code),
    );
    expect(findings.map((f) => [f.severity, f.code, f.objects[0]])).toEqual([
      ['warning', 'MP104', 'PeerAuthentication/istio-system/gw'],
      ['warning', 'MP107', 'Namespace/a-legacy'],
      ['warning', 'MP107', 'Namespace/b-legacy'],
      ['info', 'MP106', 'Namespace/shop'],
      ['info', 'MP311', 'AuthorizationPolicy/shop/nothing'],
    ]);
    expect(findings[0]?.why).toBe(FINDING_SPECS.find((s) => s.code === 'MP104')?.why);
    expect(findings[0]?.namespace).toBe('istio-system');
  });
});

describe('verify commands never carry unvalidated cluster strings', () => {
  it.each([
    { name: 'names are single-quoted', cmd: sh`istioctl x describe pod ${'reviews-v1-abc'} -n ${'bookinfo'}`, expected: "istioctl x describe pod 'reviews-v1-abc' -n 'bookinfo'" },
    { name: 'a name with a quote is refused', cmd: sh`kubectl get pod ${"x'; rm -rf / #"} -n ${'ns'}`, expected: null },
    { name: 'a name with $() is refused', cmd: sh`kubectl get pod ${'$(id)'} -n ${'ns'}`, expected: null },
    { name: 'upper case is not a Kubernetes name', cmd: sh`kubectl get pod ${'Pod'} -n ${'ns'}`, expected: null },
    { name: 'ports stay bare', cmd: sh`istioctl proxy-config listener ${'p'} -n ${'ns'} --port ${8080}`, expected: "istioctl proxy-config listener 'p' -n 'ns' --port 8080" },
    { name: 'label selectors are validated as a whole', cmd: sh`kubectl get pods -l ${labels({ app: 'web', 'app.kubernetes.io/version': 'v1.2' })}`, expected: "kubectl get pods -l 'app=web,app.kubernetes.io/version=v1.2'" },
    { name: 'a label value with a space is refused', cmd: sh`kubectl get pods -l ${labels({ app: 'a b' })}`, expected: null },
    { name: 'URLs need a DNS host', cmd: sh`curl ${httpUrl('web.shop.svc.cluster.local', 80)}`, expected: "curl 'http://web.shop.svc.cluster.local:80/'" },
    { name: 'a URL host with a slash is refused', cmd: sh`curl ${httpUrl('evil/x', 80)}`, expected: null },
  ])('$name', ({ cmd, expected }) => {
    expect(cmd).toBe(expected);
  });

  it('commands() drops refused commands and duplicates', () => {
    expect(commands('a', null, 'b', 'a', undefined)).toEqual(['a', 'b']);
  });

  it('a finding on a hostile pod name keeps its message but omits the command', () => {
    const [f] = findingsFor({ namespaces: [aNamespace('legacy')], pods: [aPod({ name: 'x', namespace: 'legacy', dataplane: 'none' })] }, ['MP107']);
    expect(f?.verify).toEqual(["kubectl get namespace 'legacy' --show-labels", "istioctl analyze -n 'legacy'"]);
    const hostile = findingsFor(
      { pods: [aPod({ name: 'web-1', namespace: 'shop', labels: { app: 'web' } })], authorizationPolicies: [anAuthorizationPolicy({ name: "bad';id", namespace: 'shop', rules: null })] },
      ['MP311'],
    );
    expect(hostile[0]?.verify).toEqual(["istioctl x authz check 'web-1' -n 'shop'"]);
  });
});
