// @vitest-environment happy-dom
// The handshake diagram: one participant per role that speaks, one message per step, the outcome in words; and the
// real Mermaid parser finds exactly that structure whatever the cluster strings say.
import mermaid from 'mermaid';
import { describe, expect, it } from 'vitest';
import type { HandshakeModel, HandshakeStep } from '@/lib/mesh/handshake/model';
import { handshakeEndText, handshakeSequenceDiagram } from './handshake-sequence';

const step = (from: HandshakeStep['from'], to: HandshakeStep['to'], kind: HandshakeStep['kind'], text: string, status: HandshakeStep['status'] = 'info', reply = false): HandshakeStep => ({ from, to, kind, text, status, reply, detail: null });

const SIDECAR_ALLOWED: HandshakeModel = {
  client: { namespace: 'shop', pod: 'web-1', proxy: 'sidecar', spiffeId: 'spiffe://cluster.local/ns/shop/sa/web', serial: 'b2', notAfter: '2026-06-02T02:00:00Z', issuer: 'istiod' },
  server: { namespace: 'shop', pod: 'api-1', proxy: 'sidecar', spiffeId: 'spiffe://cluster.local/ns/shop/sa/api', serial: 'a1', notAfter: '2026-06-02T02:00:00Z', issuer: 'spire' },
  waypoint: null,
  port: 8080,
  protocol: 'http',
  service: 'shop/api',
  servicePort: 80,
  transport: 'istio-mtls',
  mtls: true,
  sni: 'outbound_.80_._.api.shop.svc.cluster.local',
  serverMode: 'STRICT',
  outcome: 'allowed',
  end: { at: 'application', response: 'delivered' },
  reason: 'Allowed by ALLOW policy shop/api-reads.',
  policies: ['shop/api-reads'],
  steps: [
    step('client-proxy', 'istiod', 'certificate-request', 'CSR for spiffe://cluster.local/ns/shop/sa/web'),
    step('istiod', 'client-proxy', 'certificate-issued', 'certificate serial b2', 'ok', true),
    step('server-proxy', 'spire', 'certificate-request', 'SVID request for spiffe://cluster.local/ns/shop/sa/api'),
    step('spire', 'server-proxy', 'certificate-issued', 'certificate serial a1', 'ok', true),
    step('client-app', 'client-proxy', 'connect', 'connect api.shop.svc.cluster.local:80'),
    step('client-proxy', 'server-proxy', 'tls-client-hello', 'Istio mTLS ClientHello, SNI outbound_.80_._.api.shop.svc.cluster.local'),
    step('server-proxy', 'client-proxy', 'tls-server-certificate', 'server certificate spiffe://cluster.local/ns/shop/sa/api (serial a1)', 'ok', true),
    step('client-proxy', 'server-proxy', 'tls-client-certificate', 'client certificate spiffe://cluster.local/ns/shop/sa/web (serial b2)', 'ok'),
    step('server-proxy', 'server-proxy', 'authorization', 'AuthorizationPolicy at the sidecar: allowed by shop/api-reads', 'ok'),
    step('server-proxy', 'server-app', 'forward', 'GET /items', 'ok'),
    step('server-app', 'client-app', 'response', 'response from the application', 'ok', true),
  ],
  notes: [],
};

const PLAINTEXT_RESET: HandshakeModel = {
  ...SIDECAR_ALLOWED,
  client: { namespace: null, pod: null, proxy: 'none', spiffeId: null, serial: null, notAfter: null, issuer: null },
  transport: 'plaintext',
  mtls: false,
  sni: null,
  outcome: 'connection-failed',
  end: { at: 'transport', response: 'reset' },
  steps: [
    step('client-app', 'server-proxy', 'plaintext', 'plaintext TCP to 10.0.0.2:8080, no client certificate'),
    step('server-proxy', 'client-app', 'reset', 'connection reset: STRICT requires mTLS', 'failed', true),
  ],
};

const HOSTILE = ['x"]; evil["pwned', 'a-->b\nc-->d', '%%{init: {"securityLevel": "loose"}}%%', 'classDef red fill:#f00', 'click p0 call alert(1)', '<img src=x onerror=alert(1)>', 'end', 'Note over p0: injected', 'participant p9 as evil'];

interface SequenceDb {
  getActors(): Map<string, unknown>;
  getMessages(): { type?: number }[];
}

mermaid.initialize({ startOnLoad: false, securityLevel: 'strict' });

/** Participants, messages and notes as the real Mermaid parser sees them (notes are messages of type 2). */
async function parsed(text: string): Promise<{ participants: number; messages: number; notes: number }> {
  await mermaid.parse(text);
  const db = (await mermaid.mermaidAPI.getDiagramFromText(text)).db as unknown as SequenceDb;
  const all = db.getMessages().filter((m) => m.type !== undefined && m.type !== 26 && m.type !== 27);
  return { participants: db.getActors().size, messages: all.filter((m) => m.type !== 2).length, notes: all.filter((m) => m.type === 2).length };
}

describe('handshakeSequenceDiagram', () => {
  it('draws sidecar to sidecar with both CAs, the SNI, the certificates and the outcome', () => {
    const text = handshakeSequenceDiagram(SIDECAR_ALLOWED);
    expect(text.split('\n').slice(0, 14)).toEqual([
      '---',
      'config:',
      '  sequence:',
      '    useMaxWidth: false',
      '---',
      'sequenceDiagram',
      '  autonumber',
      '  participant p0 as client shop/web-1',
      '  participant p1 as sidecar of shop/web-1',
      '  participant p2 as istiod #40;CA#41;',
      '  participant p3 as SPIRE server #40;CA#41;',
      '  participant p4 as sidecar of shop/api-1',
      '  participant p5 as server shop/api-1 port 8080',
      '  p1->>p2: CSR for spiffe#58;//cluster.local/ns/shop/sa/web',
    ]);
    expect(text).toContain('p1->>p4: Istio mTLS ClientHello#44; SNI outbound_.80_._.api.shop.svc.cluster.local');
    expect(text).toContain('p4-->>p1: server certificate spiffe#58;//cluster.local/ns/shop/sa/api #40;serial a1#41;');
    expect(text.trimEnd().split('\n').at(-1)).toBe('  Note over p0,p5: ALLOWED#58; delivered to the application over mTLS');
  });

  it('draws a failed step with a cross and leaves out participants that do not speak', () => {
    const text = handshakeSequenceDiagram(PLAINTEXT_RESET);
    expect(text).toContain('p1--xp0: connection reset#58; STRICT requires mTLS');
    expect(text).toContain('participant p0 as client outside the mesh');
    expect(text).not.toContain('CA#41;');
  });

  it.each([
    ['sidecar to sidecar', SIDECAR_ALLOWED, { participants: 6, messages: 11, notes: 1 }],
    ['plaintext reset', PLAINTEXT_RESET, { participants: 3, messages: 2, notes: 1 }],
  ] as const)('parses with real Mermaid: %s', async (_name, model, expected) => {
    expect(await parsed(handshakeSequenceDiagram(model))).toEqual(expected);
  });

  it.each(HOSTILE)('keeps the same participants and messages when cluster strings are hostile: %j', async (hostile) => {
    const model: HandshakeModel = {
      ...SIDECAR_ALLOWED,
      client: { ...SIDECAR_ALLOWED.client, namespace: hostile, pod: hostile, spiffeId: hostile },
      server: { ...SIDECAR_ALLOWED.server, pod: hostile },
      steps: SIDECAR_ALLOWED.steps.map((s) => ({ ...s, text: `${s.text} ${hostile}` })),
    };
    expect(await parsed(handshakeSequenceDiagram(model))).toEqual({ participants: 6, messages: 11, notes: 1 });
  });
});

describe('handshakeEndText', () => {
  it.each([
    [{ at: 'application', response: 'delivered' }, 'allowed', 'ALLOWED: delivered to the application over mTLS'],
    [{ at: 'transport', response: 'reset' }, 'connection-failed', 'CONNECTION-FAILED: connection reset at the transport step'],
    [{ at: 'transport', response: 'handshake-failure' }, 'connection-failed', 'CONNECTION-FAILED: the TLS handshake fails'],
    [{ at: 'authentication', response: 'http-401' }, 'unauthenticated', 'UNAUTHENTICATED: HTTP 401 from the JWT check'],
    [{ at: 'authorization', response: 'http-403' }, 'denied', 'DENIED: HTTP 403 from the authorization check'],
    [{ at: 'authorization', response: 'reset' }, 'denied', 'DENIED: connection reset at the authorization step'],
    [{ at: 'authorization', response: 'unknown' }, 'unknown', 'UNKNOWN at the authorization step: the data that decides it could not be read'],
  ] as const)('%j (%s) reads %j', (end, outcome, expected) => {
    expect(handshakeEndText({ ...SIDECAR_ALLOWED, end, outcome })).toBe(expected);
  });
});
