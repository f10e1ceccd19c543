// Istio's protocol selection for a port (https://istio.io/latest/docs/ops/configuration/traffic-management/protocol-selection/:
// "If both are defined, appProtocol takes precedence over the port name"; istio/istio pkg/config/kube/conversion.go
// ConvertProtocol, pkg/config/protocol/instance.go Parse). http: the HTTP filter chain; tcp: the TCP chain; auto: sniffed.
import { describe, expect, it } from 'vitest';
import { aPod, aService, aSnapshot } from '@/test/builders';
import { buildMeshIndex } from './mesh-index';
import { declaredProtocol, portProtocol, type PortProtocol } from './ports';

describe('declaredProtocol (Istio explicit protocol selection)', () => {
  it.each<[string, string | undefined, string | undefined, number | undefined, PortProtocol]>([
    ['name http', 'http', undefined, 80, 'http'],
    ['name http-web (prefix and suffix)', 'http-web', undefined, 80, 'http'],
    ['name HTTP2 (case-insensitive)', 'HTTP2', undefined, 80, 'http'],
    ['name grpc-web-api ("grpc-web" whole)', 'grpc-web-api', undefined, 80, 'http'],
    ['name tcp-db', 'tcp-db', undefined, 5432, 'tcp'],
    ['name https-api (sidecar: opaque TLS)', 'https-api', undefined, 443, 'tcp'],
    ['name tls', 'tls', undefined, 443, 'tcp'],
    ['name redis', 'redis', undefined, 6379, 'tcp'],
    ['appProtocol tcp on a port named http-metrics (appProtocol wins)', 'http-metrics', 'tcp', 9090, 'tcp'],
    ['appProtocol http on a port named tcp-x (appProtocol wins)', 'tcp-x', 'http', 8080, 'http'],
    ['appProtocol TCP (case-insensitive)', undefined, 'TCP', 8080, 'tcp'],
    ['appProtocol kubernetes.io/h2c', 'tcp', 'kubernetes.io/h2c', 8080, 'http'],
    ['appProtocol kubernetes.io/wss', undefined, 'kubernetes.io/wss', 8443, 'tcp'],
    ['an appProtocol Istio does not know replaces the name: sniffed', 'http', 'example.com/custom', 8080, 'auto'],
    ['name kafka (not an Istio protocol): sniffed', 'kafka', undefined, 9092, 'auto'],
    ['name h2c (only as a Kubernetes appProtocol): sniffed', 'h2c', undefined, 8080, 'auto'],
    ['name web (no protocol prefix): sniffed', 'web', undefined, 8080, 'auto'],
    ['no name: sniffed', undefined, undefined, 8080, 'auto'],
    ['no name on MySQL 3306 (never sniffed): TCP', undefined, undefined, 3306, 'tcp'],
    ['name db on MongoDB 27017: TCP', 'db', undefined, 27017, 'tcp'],
  ])('%s', (_, name, appProtocol, port, expected) => {
    expect(declaredProtocol(name, appProtocol, port)).toBe(expected);
  });
});

describe('portProtocol of a pod port', () => {
  const pod = aPod({ name: 'db-0', namespace: 'shop', labels: { app: 'db' }, ports: [{ containerPort: 5432, protocol: 'TCP', name: 'http' }] });
  it.each<[string, Parameters<typeof aService>[0]['ports'], PortProtocol]>([
    ['a Service port named tcp-… is TCP, whatever the container port is named', [{ port: 5432, targetPort: 5432, protocol: 'TCP', name: 'tcp-postgres' }], 'tcp'],
    ['a Service port with appProtocol: tcp is TCP', [{ port: 5432, targetPort: 5432, protocol: 'TCP', name: 'http-db', appProtocol: 'tcp' }], 'tcp'],
    ['a Service port without a protocol leaves the container port name', [{ port: 5432, targetPort: 5432, protocol: 'TCP', name: 'db' }], 'http'],
  ])('%s', (_, ports, expected) => {
    const index = buildMeshIndex(aSnapshot({ pods: [pod], services: [aService({ name: 'db', namespace: 'shop', selector: { app: 'db' }, ports })] }));
    expect(portProtocol(pod, 5432, index)).toBe(expected);
  });
});
