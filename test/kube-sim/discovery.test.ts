// Discovery documents as kube-apiserver serves them (legacy discovery), and the 404s of unserved paths.
import { afterEach, describe, expect, it } from 'vitest';
import { startKubeSim, type KubeSim } from './index';
import { simGetJson } from './sim-client';

let sim: KubeSim;
afterEach(() => sim.stop());

type Group = { name: string; versions: { groupVersion: string; version: string }[]; preferredVersion: { version: string } };

describe('discovery', () => {
  it('/api lists v1 and /api/v1 the core resources served, with the pod subresources the reader uses', async () => {
    sim = await startKubeSim();
    const api = await simGetJson(sim, '/api');
    expect([api.body.kind, api.body.versions]).toEqual(['APIVersions', ['v1']]);
    const core = (await simGetJson<{ kind: string; groupVersion: string; resources: { name: string; namespaced: boolean; kind: string }[] }>(sim, '/api/v1')).body;
    expect([core.kind, core.groupVersion]).toEqual(['APIResourceList', 'v1']);
    expect(core.resources.map((r) => `${r.name} ${r.kind} ${r.namespaced ? 'namespaced' : 'cluster'}`)).toEqual([
      'namespaces Namespace cluster',
      'pods Pod namespaced',
      'pods/portforward PodPortForwardOptions namespaced',
      'pods/proxy PodProxyOptions namespaced',
      'services Service namespaced',
      'serviceaccounts ServiceAccount namespaced',
      'configmaps ConfigMap namespaced',
    ]);
  });

  it('/apis lists each group with its versions, preferred first (Istio v1 over v1beta1)', async () => {
    sim = await startKubeSim();
    const groups = (await simGetJson<{ kind: string; groups: Group[] }>(sim, '/apis')).body;
    expect(groups.kind).toBe('APIGroupList');
    expect(groups.groups.map((g) => `${g.name} ${g.versions.map((v) => v.version).join(',')} preferred=${g.preferredVersion.version}`)).toEqual([
      'apps v1 preferred=v1',
      'batch v1 preferred=v1',
      'security.istio.io v1,v1beta1 preferred=v1',
      'networking.istio.io v1,v1beta1,v1alpha3 preferred=v1',
      'gateway.networking.k8s.io v1,v1beta1 preferred=v1',
      'telemetry.istio.io v1,v1alpha1 preferred=v1',
    ]);
  });

  it('/apis/{group}/{version} lists the resources served at that version (EnvoyFilter only at v1alpha3)', async () => {
    sim = await startKubeSim();
    const names = async (gv: string) => (await simGetJson<{ resources: { name: string }[] }>(sim, `/apis/${gv}`)).body.resources.map((r) => r.name);
    expect([await names('networking.istio.io/v1'), await names('networking.istio.io/v1alpha3')]).toEqual([['destinationrules', 'gateways'], ['destinationrules', 'envoyfilters', 'gateways']]);
    const group = await simGetJson<Group & { kind: string }>(sim, '/apis/security.istio.io');
    expect([group.body.kind, group.body.preferredVersion.version]).toEqual(['APIGroup', 'v1']);
  });

  it.each(['/apis/gateway.networking.k8s.io/v1alpha2', '/apis/networking.istio.io/v1/envoyfilters', '/api/v1/secrets', '/api/v2', '/healthz/nope'])(
    'answers an unserved path %s with a NotFound Status',
    async (path) => {
      sim = await startKubeSim();
      const res = await simGetJson(sim, path);
      expect([res.status, res.body]).toEqual([
        404,
        { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'the server could not find the requested resource', reason: 'NotFound', details: {}, code: 404 },
      ]);
    },
  );
});
