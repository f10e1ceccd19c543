import { describe, expect, it } from 'vitest';
import { parsePrometheusSettings, prometheusSettingsFromEnv } from './settings';

describe('prometheusSettingsFromEnv', () => {
  it('is null without a URL: the no-op client', () => {
    expect(prometheusSettingsFromEnv({})).toBeNull();
  });

  it('reads every MESH_POSTURE_PROMETHEUS_* variable into one configuration', () => {
    expect(
      prometheusSettingsFromEnv({
        MESH_POSTURE_PROMETHEUS_URL: 'https://mimir.example/prometheus/',
        MESH_POSTURE_PROMETHEUS_TENANT: 'team-a',
        MESH_POSTURE_PROMETHEUS_TOKEN_FILE: '/var/run/secrets/prom/token',
        MESH_POSTURE_PROMETHEUS_HEADERS: 'X-Proxy-Key: abc\nX-Env: prod',
        MESH_POSTURE_PROMETHEUS_CA_FILE: '/etc/prom/ca.pem',
        MESH_POSTURE_PROMETHEUS_TIMEOUT: '10',
      }),
    ).toEqual({
      url: 'https://mimir.example/prometheus',
      tenant: 'team-a',
      auth: { kind: 'bearer', tokenFile: '/var/run/secrets/prom/token' },
      headers: { 'X-Proxy-Key': 'abc', 'X-Env': 'prod' },
      caFile: '/etc/prom/ca.pem',
      timeoutMs: 10_000,
    });
  });

  it.each([
    { case: 'not http(s)', env: { MESH_POSTURE_PROMETHEUS_URL: 'file:///etc/passwd' }, message: 'MESH_POSTURE_PROMETHEUS_URL: expected an http(s) URL, got "file:///etc/passwd"' },
    { case: 'credentials in the URL', env: { MESH_POSTURE_PROMETHEUS_URL: 'http://u:p@prom:9090' }, message: 'MESH_POSTURE_PROMETHEUS_URL: credentials in the URL are refused; use the password or token file settings' },
    { case: 'a setting without a URL', env: { MESH_POSTURE_PROMETHEUS_TENANT: 't' }, message: 'MESH_POSTURE_PROMETHEUS_TENANT is set but MESH_POSTURE_PROMETHEUS_URL is not' },
    { case: 'a user without a password file', env: { MESH_POSTURE_PROMETHEUS_URL: 'http://p', MESH_POSTURE_PROMETHEUS_USERNAME: 'u' }, message: 'MESH_POSTURE_PROMETHEUS_USERNAME and MESH_POSTURE_PROMETHEUS_PASSWORD_FILE go together (basic auth)' },
    { case: 'a header that replaces Authorization', env: { MESH_POSTURE_PROMETHEUS_URL: 'http://p', MESH_POSTURE_PROMETHEUS_HEADERS: 'Authorization: Bearer x' }, message: 'MESH_POSTURE_PROMETHEUS_HEADERS: Authorization is set by mesh-posture itself (use the tenant, password or token settings)' },
    { case: 'a header line without a colon', env: { MESH_POSTURE_PROMETHEUS_URL: 'http://p', MESH_POSTURE_PROMETHEUS_HEADERS: 'nonsense' }, message: 'MESH_POSTURE_PROMETHEUS_HEADERS: expected "Name: value", got "nonsense"' },
    { case: 'a timeout that is no number', env: { MESH_POSTURE_PROMETHEUS_URL: 'http://p', MESH_POSTURE_PROMETHEUS_TIMEOUT: '5s' }, message: 'MESH_POSTURE_PROMETHEUS_TIMEOUT: expected seconds from 1 to 600, got "5s"' },
  ])('refuses $case, naming the variable', ({ env, message }) => {
    expect(() => prometheusSettingsFromEnv(env)).toThrow(message);
  });

  it('names the CLI option in messages when given the option names', () => {
    expect(() => parsePrometheusSettings({ url: 'ftp://x' }, { url: '--prometheus', tenant: '', username: '', passwordFile: '', tokenFile: '', headers: '', caFile: '', timeout: '' })).toThrow('--prometheus: expected an http(s) URL');
  });
});
