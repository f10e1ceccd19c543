// collectProxyCertificates through the API simulator: which tier answers for which pod, what each record says,
// and that every failure is an issue naming the pod while the other pods' data is kept.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { afterEach, describe, expect, it } from 'vitest';
import { startKubeSim, type KubeSim, type PodSubresourceHandler } from '@/test/kube-sim';
import { createEnvoyPodResponder, issueProxyCertificates, type EnvoyPodResponder, type RecordedEnvoy } from '@/test/kube-sim/envoy-pod-responder';
import { collectProxyCertificates, ProxyCertCache, type ProxyCertTierOptions } from './index';

const now = new Date('2026-06-01T12:00:00Z');
const KIND = 'ProxyCertificates';
const stoppers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const stop of stoppers.splice(0)) await stop();
});

interface Cluster {
  readonly kc: KubeConfig;
  readonly sim: KubeSim;
  readonly responder: EnvoyPodResponder;
}

async function cluster(pods: Record<string, RecordedEnvoy | null>, wrap?: (r: EnvoyPodResponder) => PodSubresourceHandler): Promise<Cluster> {
  const responder = createEnvoyPodResponder(Object.fromEntries(Object.entries(pods).flatMap(([k, v]) => (v ? [[k, v]] : []))));
  const objects = Object.keys(pods).map((key) => {
    const [namespace, name] = key.split('/');
    return { apiVersion: 'v1', kind: 'Pod', metadata: { namespace, name }, spec: { containers: [{ name: 'istio-proxy', image: 'proxyv2' }] } };
  });
  const sim = await startKubeSim({ objects, podSubresources: wrap ? wrap(responder) : responder });
  stoppers.push(async () => {
    responder.closeAll();
    await sim.stop();
  });
  const kc = new KubeConfig();
  kc.loadFromString(sim.kubeconfig());
  return { kc, sim, responder };
}

const proxies = (...keys: string[]) =>
  keys.map((key) => {
    const [namespace = '', name = ''] = key.split('/');
    return { namespace, name, hasProxy: true };
  });
const metricsOnly = (seconds: number): RecordedEnvoy => ({ agentMetrics: `istio_agent_cert_expiry_seconds{resource_name="default"} ${seconds}\n` });
const fromAgent = (namespace: string, pod: string, leafNotAfter: string, asOf = '2026-06-01T12:00:00Z') => ({
  namespace,
  pod,
  origin: 'agent-metrics',
  asOf,
  chain: [],
  roots: [],
  leafNotAfter,
  warmingSecrets: [],
});
const options = (extra: Partial<ProxyCertTierOptions> = {}): ProxyCertTierOptions => ({ now, cache: new ProxyCertCache(), ...extra });
const REFUSED = 'HTTP 503 ServiceUnavailable: error trying to reach service: dial tcp 10.244.0.7:15020: connect: connection refused';

async function servePrometheus(result: unknown[]): Promise<string> {
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ status: 'success', data: { resultType: 'vector', result } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  stoppers.push(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('collectProxyCertificates: pods/proxy to the agent', () => {
  it('reads each proxy through pods/proxy; a failing or unnamed pod is an issue and the rest is kept', async () => {
    const { kc, sim, responder } = await cluster({
      'shop/cart-1': metricsOnly(18 * 3600),
      'shop/web-1': { agentMetrics: '# TYPE istio_agent_go_goroutines gauge\nistio_agent_go_goroutines 42\n' },
      'shop/batch-1': null,
      'shop/db-0': null,
    });
    const pods = [...proxies('shop/cart-1', 'shop/web-1', 'shop/batch-1'), { namespace: 'shop', name: '../x', hasProxy: true }, { namespace: 'shop', name: 'db-0', hasProxy: false }];
    expect(await collectProxyCertificates(kc, pods, options())).toEqual({
      certificates: [fromAgent('shop', 'cart-1', '2026-06-02T06:00:00Z')],
      issues: [
        { kind: KIND, reason: 'proxy certificates not read: pod name "../x" is not a DNS-1123 subdomain, so no request is built from it' },
        {
          object: 'Pod/shop/web-1',
          kind: KIND,
          reason: 'certificate state unknown: pods/proxy: agent metrics: no istio_agent_cert_expiry_seconds sample for resource_name="default"',
        },
        { object: 'Pod/shop/batch-1', kind: KIND, reason: `certificate state unknown: pods/proxy: ${REFUSED}` },
      ],
    });
    // Only the constant port and path, only for proxies with valid names.
    expect(responder.requests.map((r) => `${r.via} ${r.namespace}/${r.pod}:${r.port}${r.path}`)).toEqual([
      'proxy shop/cart-1:15020/stats/prometheus',
      'proxy shop/web-1:15020/stats/prometheus',
      'proxy shop/batch-1:15020/stats/prometheus',
    ]);
    expect(sim.requests.map((r) => r.path).filter((p) => !p.endsWith(':15020/proxy/stats/prometheus'))).toEqual([]);
  });

  it('stops asking in a namespace where pods/proxy is forbidden, and names every pod it could not read', async () => {
    const { kc, sim } = await cluster({ 'pay/api-1': metricsOnly(3600), 'pay/api-2': metricsOnly(3600), 'pay/api-3': metricsOnly(3600), 'shop/cart-1': metricsOnly(7200) });
    sim.faults.forbid({ resource: 'pods/proxy', namespace: 'pay' });
    const result = await collectProxyCertificates(kc, proxies('pay/api-1', 'pay/api-2', 'pay/api-3', 'shop/cart-1'), options({ concurrency: 1 }));
    const forbidden = (pod: string) => ({
      object: `Pod/pay/${pod}`,
      kind: KIND,
      reason: expect.stringMatching(/^certificate state unknown: pods\/proxy: HTTP 403 Forbidden: pods .*is forbidden: .*cannot get resource "pods\/proxy" in API group "" in the namespace "pay"$/) as unknown,
    });
    expect(result).toEqual({ certificates: [fromAgent('shop', 'cart-1', '2026-06-01T14:00:00Z')], issues: [forbidden('api-1'), forbidden('api-2'), forbidden('api-3')] });
    expect(sim.requests.filter((r) => r.path.startsWith('/api/v1/namespaces/pay/')).map((r) => [r.path, r.status])).toEqual([
      ['/api/v1/namespaces/pay/pods/api-1:15020/proxy/stats/prometheus', 403],
    ]);
  });

  it.each([
    { case: 'a proxy that never answers', recorded: { ...metricsOnly(3600), fault: 'hang' as const }, timeoutMs: 1000, reason: 'pods/proxy: timed out' },
    {
      case: 'an answer over the size limit',
      recorded: { agentMetrics: 'x'.repeat(16 * 1024 * 1024 + 1) },
      // Generous: 16 MiB cross loopback on a busy machine; the cap, not the deadline, must end this one.
      timeoutMs: 60_000,
      reason: 'pods/proxy: GET /api/v1/namespaces/shop/pods/slow-1:15020/proxy/stats/prometheus: response larger than 16777216 bytes; refused',
    },
  ])('bounds $case without losing the other pods', async ({ recorded, timeoutMs, reason }) => {
    const { kc } = await cluster({ 'shop/slow-1': recorded, 'shop/cart-1': metricsOnly(3600) });
    expect(await collectProxyCertificates(kc, proxies('shop/slow-1', 'shop/cart-1'), options({ perPodTimeoutMs: timeoutMs }))).toEqual({
      certificates: [fromAgent('shop', 'cart-1', '2026-06-01T13:00:00Z')],
      issues: [{ object: 'Pod/shop/slow-1', kind: KIND, reason: `certificate state unknown: ${reason}` }],
    });
  });

  it('keeps at most `concurrency` requests in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const { kc } = await cluster(Object.fromEntries([1, 2, 3, 4, 5, 6].map((i) => [`shop/cart-${i}`, metricsOnly(3600)])), (inner) => ({
      portForward: (...args) => inner.portForward(...args),
      proxy(req, res, target) {
        inFlight += 1;
        most = Math.max(most, inFlight);
        res.on('close', () => (inFlight -= 1));
        setTimeout(() => inner.proxy(req, res, target), 20);
      },
    }));
    const result = await collectProxyCertificates(kc, proxies('shop/cart-1', 'shop/cart-2', 'shop/cart-3', 'shop/cart-4', 'shop/cart-5', 'shop/cart-6'), options({ concurrency: 2 }));
    expect([result.certificates.length, result.issues, most]).toEqual([6, [], 2]);
  });

  it('reuses each pod’s result, success or failure, for the cache TTL', async () => {
    const { kc, responder } = await cluster({ 'shop/cart-1': metricsOnly(3600), 'shop/batch-1': null });
    const cache = new ProxyCertCache();
    const pods = proxies('shop/cart-1', 'shop/batch-1');
    const first = await collectProxyCertificates(kc, pods, { now, cache, cacheTtlMs: 60_000 });
    const within = await collectProxyCertificates(kc, pods, { now: new Date(now.getTime() + 59_000), cache, cacheTtlMs: 60_000 });
    expect([within, responder.requests.length]).toEqual([first, 2]);
    const later = new Date(now.getTime() + 60_000);
    const after = await collectProxyCertificates(kc, pods, { now: later, cache, cacheTtlMs: 60_000 });
    expect([after.certificates, responder.requests.length]).toEqual([[fromAgent('shop', 'cart-1', '2026-06-01T13:01:00Z', '2026-06-01T12:01:00Z')], 4]);
  });
});

describe('collectProxyCertificates: Prometheus first', () => {
  const series = (namespace: string, pod: string, notAfter: string) => ({
    metric: { namespace, pod, resource_name: 'default' },
    value: [now.getTime() / 1000, String(Date.parse(notAfter) / 1000)],
  });

  it('takes what one query covers and reads only the other pods through pods/proxy', async () => {
    const { kc, responder } = await cluster({ 'shop/cart-1': metricsOnly(3600), 'shop/web-1': metricsOnly(7200) });
    const prometheusUrl = await servePrometheus([series('shop', 'cart-1', '2026-06-02T06:00:00Z')]);
    expect(await collectProxyCertificates(kc, proxies('shop/cart-1', 'shop/web-1'), options({ prometheus: prometheusUrl }))).toEqual({
      certificates: [
        { namespace: 'shop', pod: 'cart-1', origin: 'prometheus', asOf: '2026-06-01T12:00:00Z', chain: [], roots: [], leafNotAfter: '2026-06-02T06:00:00Z', warmingSecrets: [] },
        fromAgent('shop', 'web-1', '2026-06-01T14:00:00Z'),
      ],
      issues: [],
    });
    expect(responder.requests.map((r) => r.pod)).toEqual(['web-1']);
  });

  it('names both tiers when neither has the pod', async () => {
    const { kc } = await cluster({ 'shop/batch-1': null });
    const prometheusUrl = await servePrometheus([series('shop', 'cart-1', '2026-06-02T06:00:00Z')]);
    expect(await collectProxyCertificates(kc, proxies('shop/batch-1'), options({ prometheus: prometheusUrl }))).toEqual({
      certificates: [],
      issues: [
        {
          object: 'Pod/shop/batch-1',
          kind: KIND,
          reason: `certificate state unknown: Prometheus: no istio_agent_cert_expiry_seconds series for this pod; pods/proxy: ${REFUSED}`,
        },
      ],
    });
  });

  it('reports an unreachable Prometheus once and reads every pod through pods/proxy', async () => {
    const { kc } = await cluster({ 'shop/cart-1': metricsOnly(3600), 'shop/batch-1': null });
    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const prometheusUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise((resolve) => closed.close(resolve));
    expect(await collectProxyCertificates(kc, proxies('shop/cart-1', 'shop/batch-1'), options({ prometheus: prometheusUrl }))).toEqual({
      certificates: [fromAgent('shop', 'cart-1', '2026-06-01T13:00:00Z')],
      issues: [
        { kind: KIND, reason: expect.stringMatching(new RegExp(`^Prometheus query at ${prometheusUrl} failed: Prometheus at ${prometheusUrl} did not answer: .*ECONNREFUSED.*; reading each proxy instead$`)) as unknown },
        { object: 'Pod/shop/batch-1', kind: KIND, reason: `certificate state unknown: Prometheus: query failed; pods/proxy: ${REFUSED}` },
      ],
    });
  });
});

describe('collectProxyCertificates: opt-in port-forward', () => {
  it('replaces expiry-only records with the chain, and says so when only the expiry is known', async () => {
    const cart = await issueProxyCertificates({ namespace: 'shop', name: 'cart-1', serviceAccount: 'cart' }, { now });
    const { kc, sim, responder } = await cluster({ 'shop/cart-1': cart.recorded, 'pay/api-1': cart.recorded, 'shop/legacy-1': metricsOnly(3600) });
    sim.faults.forbid({ resource: 'pods/portforward', namespace: 'pay' });
    const result = await collectProxyCertificates(kc, proxies('shop/cart-1', 'pay/api-1', 'shop/legacy-1'), options({ portForward: true }));
    expect(result.certificates.map((c) => [c.pod, c.origin, c.chain[0]?.serial ?? null, c.roots[0]?.serial ?? null, c.leafNotAfter ?? null])).toEqual([
      ['cart-1', 'config-dump', cart.leaf.serial, cart.root.serial, null],
      ['api-1', 'agent-metrics', null, null, cart.leaf.notAfter],
      ['legacy-1', 'agent-metrics', null, null, '2026-06-01T13:00:00Z'],
    ]);
    expect(result.issues).toEqual([
      {
        object: 'Pod/pay/api-1',
        kind: KIND,
        reason: 'certificate chain unknown (pods/portforward: port-forward to 15000 /config_dump?resource=dynamic_active_secrets: Unexpected server response: 403); only the expiry from agent-metrics is known',
      },
      {
        object: 'Pod/shop/legacy-1',
        kind: KIND,
        reason: expect.stringMatching(/^certificate chain unknown \(pods\/portforward: port-forward to 15000: error forwarding port 15000 to pod .*connection refused *\); only the expiry from agent-metrics is known$/) as unknown,
      },
    ]);
    // One tier per pod where port-forward worked: the agent is asked only for the pods it could not read.
    expect(responder.requests.map((r) => `${r.via} ${r.pod}${r.path}`)).toEqual([
      'portforward cart-1/config_dump?resource=dynamic_active_secrets',
      'proxy api-1/stats/prometheus',
      'proxy legacy-1/stats/prometheus',
    ]);
  });
});
