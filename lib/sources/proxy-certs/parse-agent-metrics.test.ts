import { describe, expect, it } from 'vitest';
import { MAX_METRICS_TEXT_LENGTH, parseAgentCertExpiry } from './parse-agent-metrics';

const SCRAPED_AT = '2026-06-01T12:00:00Z';
const exposition = (body: string): string => `# HELP istio_agent_cert_expiry_seconds The time remaining...
# TYPE istio_agent_cert_expiry_seconds gauge
${body}
# TYPE envoy_server_days_until_first_cert_expiring gauge
envoy_server_days_until_first_cert_expiring{} 0
`;

describe('parseAgentCertExpiry', () => {
  it.each([
    { name: 'the default resource series', body: 'istio_agent_cert_expiry_seconds{resource_name="default"} 43200', expected: { expirySeconds: 43200, leafNotAfter: '2026-06-02T00:00:00Z' } },
    { name: 'a negative value once expired', body: 'istio_agent_cert_expiry_seconds{resource_name="default"} -3600.4', expected: { expirySeconds: -3600.4, leafNotAfter: '2026-06-01T11:00:00Z' } },
    { name: 'an unlabelled series with a timestamp', body: 'istio_agent_cert_expiry_seconds 60 1780315200000', expected: { expirySeconds: 60, leafNotAfter: '2026-06-01T12:01:00Z' } },
    {
      name: 'the default series among others, with escaped label values',
      body: 'istio_agent_cert_expiry_seconds{resource_name="ROOTCA"} 99\nistio_agent_cert_expiry_seconds{x="a\\"b,c",resource_name="default"} 1.5e3',
      expected: { expirySeconds: 1500, leafNotAfter: '2026-06-01T12:25:00Z' },
    },
  ])('reads $name', ({ body, expected }) => {
    expect(parseAgentCertExpiry(exposition(body), SCRAPED_AT)).toEqual({ ok: true, value: expected });
  });

  it.each([
    { name: 'no expiry metric', text: 'istio_agent_cert_expiry_seconds_total 5\nother 1', reason: 'agent metrics: no istio_agent_cert_expiry_seconds sample for resource_name="default"' },
    { name: 'a NaN value', text: 'istio_agent_cert_expiry_seconds{resource_name="default"} NaN', reason: 'agent metrics: istio_agent_cert_expiry_seconds has no finite value for the workload certificate' },
    { name: 'only another resource', text: 'istio_agent_cert_expiry_seconds{resource_name="ROOTCA"} 5', reason: 'agent metrics: no istio_agent_cert_expiry_seconds sample for resource_name="default"' },
    { name: 'an absurd value', text: 'istio_agent_cert_expiry_seconds 1e300', reason: 'agent metrics: istio_agent_cert_expiry_seconds value 1e+300 is out of range' },
  ])('fails for $name', ({ text, reason }) => {
    expect(parseAgentCertExpiry(text, SCRAPED_AT)).toEqual({ ok: false, reason });
  });

  it('refuses oversized text and a bad scrape time', () => {
    expect(parseAgentCertExpiry('x'.repeat(MAX_METRICS_TEXT_LENGTH + 1), SCRAPED_AT).ok).toBe(false);
    expect(parseAgentCertExpiry('istio_agent_cert_expiry_seconds 1', 'yesterday')).toEqual({ ok: false, reason: 'agent metrics: scrape time "yesterday" is not RFC 3339' });
  });
});
