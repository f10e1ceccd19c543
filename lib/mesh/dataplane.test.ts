import { describe, expect, it } from 'vitest';
import { aNamespace, aPod } from '@/test/builders';
import type { Pod } from '@/lib/snapshot/types';
import { isNamespaceEnrolled, resolveDataplane, wouldInjectSidecar } from './dataplane';

const predicted = (labels: Record<string, string> = {}, annotations: Record<string, string> = {}, hostNetwork = false): Pod => ({
  ...aPod({ name: 'web', namespace: 'shop', dataplane: 'none', labels, annotations, hostNetwork }),
  predictedFrom: { kind: 'Deployment', name: 'web' },
});

// The default webhooks of istio-sidecar-injector (namespace selector and object selector).
describe('would the injector add a sidecar to a pod created from this template?', () => {
  it.each<{ name: string; ns: Record<string, string>; pod: Pod; injected: boolean }>([
    { name: 'namespace istio-injection=enabled', ns: { 'istio-injection': 'enabled' }, pod: predicted(), injected: true },
    { name: 'namespace enabled, pod annotation inject=false', ns: { 'istio-injection': 'enabled' }, pod: predicted({}, { 'sidecar.istio.io/inject': 'false' }), injected: false },
    { name: 'namespace enabled, pod label inject=false', ns: { 'istio-injection': 'enabled' }, pod: predicted({ 'sidecar.istio.io/inject': 'false' }), injected: false },
    { name: 'revision label istio.io/rev', ns: { 'istio.io/rev': 'canary' }, pod: predicted(), injected: true },
    { name: 'istio-injection=disabled wins over the revision label', ns: { 'istio-injection': 'disabled', 'istio.io/rev': 'canary' }, pod: predicted(), injected: false },
    { name: 'unlabelled namespace', ns: {}, pod: predicted(), injected: false },
    { name: 'unlabelled namespace, pod label inject=true (object selector)', ns: {}, pod: predicted({ 'sidecar.istio.io/inject': 'true' }), injected: true },
    { name: 'hostNetwork pods are never injected', ns: { 'istio-injection': 'enabled' }, pod: predicted({}, {}, true), injected: false },
  ])('$name → $injected', ({ ns, pod, injected }) => {
    expect(wouldInjectSidecar(pod, aNamespace('shop', ns))).toBe(injected);
  });

  it('resolves a predicted pod to sidecar, ambient or none, but never predicts for a pod that exists', () => {
    const enabled = aNamespace('shop', { 'istio-injection': 'enabled' });
    const ambient = aNamespace('shop', { 'istio.io/dataplane-mode': 'ambient' });
    const realUninjected = aPod({ name: 'web-1', namespace: 'shop', dataplane: 'none' });
    expect([resolveDataplane(predicted(), enabled), resolveDataplane(predicted(), ambient), resolveDataplane(realUninjected, enabled)]).toEqual(['sidecar', 'ambient', 'none']);
  });
});

describe('is a namespace enrolled in the mesh? (the migration board reads the injector\'s own rule)', () => {
  it.each<{ labels: Record<string, string>; enrolled: boolean }>([
    { labels: { 'istio-injection': 'enabled' }, enrolled: true },
    { labels: { 'istio.io/rev': 'canary' }, enrolled: true },
    { labels: { 'istio-injection': 'disabled', 'istio.io/rev': 'canary' }, enrolled: false },
    { labels: { 'istio.io/dataplane-mode': 'ambient' }, enrolled: true },
    { labels: {}, enrolled: false },
  ])('$labels → $enrolled', ({ labels, enrolled }) => {
    expect(isNamespaceEnrolled(aNamespace('shop', labels))).toBe(enrolled);
  });
});
