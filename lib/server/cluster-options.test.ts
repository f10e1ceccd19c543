import { describe, expect, it } from 'vitest';
import { certificateReadingFromEnv, clusterFeedOptions } from './cluster-options';

describe('certificateReadingFromEnv', () => {
  it.each([
    [{}, { portForward: false }],
    [{ MESH_POSTURE_PORT_FORWARD: 'true' }, { portForward: true }],
    [{ MESH_POSTURE_PORT_FORWARD: 'yes' }, { portForward: false }],
    [{ MESH_POSTURE_PROMETHEUS_URL: ' http://prometheus.istio-system:9090 ' }, { portForward: false, prometheusUrl: 'http://prometheus.istio-system:9090' }],
  ])('reads %j as %j', (env, expected) => {
    expect(certificateReadingFromEnv(env)).toEqual(expected);
  });

  it.each(['file:///etc/passwd', 'prometheus:9090', 'http://a b'])('refuses a Prometheus URL that is not http(s): %s', (url) => {
    expect(() => certificateReadingFromEnv({ MESH_POSTURE_PROMETHEUS_URL: url })).toThrow(/MESH_POSTURE_PROMETHEUS_URL must be an http\(s\) URL/);
  });
});

describe('clusterFeedOptions', () => {
  it('passes the context and always installs a certificate collector', () => {
    const options = clusterFeedOptions({ kind: 'cluster', context: 'prod' }, {});
    expect(options.context).toBe('prod');
    expect(typeof options.collectCertificates).toBe('function');
    expect(clusterFeedOptions({ kind: 'cluster' }, {})).not.toHaveProperty('context');
  });
});
