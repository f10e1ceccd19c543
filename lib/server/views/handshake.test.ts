// The handshake view on the embedded demo mesh: one connection, from a pod or from outside the mesh.
import { beforeAll, describe, expect, it } from 'vitest';
import { loadDemoSnapshot } from '@/lib/sources/demo/load-demo-snapshot';
import { staticPostureState, type PostureState } from '../posture-store';
import { ViewError } from '../view-errors';
import { buildHandshakeView } from './handshake';

const NOW = new Date('2026-11-26T12:00:00Z');
let state: PostureState;

beforeAll(async () => {
  state = staticPostureState(await loadDemoSnapshot({ now: NOW }), NOW);
});

const view = (query: Record<string, string>) => buildHandshakeView(state, new URLSearchParams(query));

describe('buildHandshakeView on the demo mesh', () => {
  it('from outside the mesh to a STRICT pod: plaintext, reset; the server certificate comes from istiod', () => {
    const v = view({ from: 'outside', to: 'payments/ledger-c4v5b7kwvd-629wz', port: '8080' });
    expect({ query: v.query, transport: v.handshake.transport, end: v.handshake.end, client: v.handshake.client.proxy, issuer: v.handshake.server.issuer, serial: v.handshake.server.serial, endText: v.endText }).toEqual({
      query: { from: 'outside', to: 'payments/ledger-c4v5b7kwvd-629wz', port: 8080 },
      transport: 'plaintext',
      end: { at: 'transport', response: 'reset' },
      client: 'none',
      issuer: 'istiod',
      serial: '3d55a08083b6018f6f3eb62934152552',
      endText: 'CONNECTION-FAILED: connection reset at the transport step',
    });
    expect(v.diagram).toContain('participant p0 as client outside the mesh');
  });

  it('a SPIRE identity on the client is issued by SPIRE', () => {
    const v = view({ from: 'partner-api/partner-sync-l8n8gx9gg8-lpqv9', to: 'partner-api/webhook-relay-gl2tfcf9x-ztw2f', port: '8080' });
    expect({ client: v.handshake.client.issuer, server: v.handshake.server.issuer, spiffe: v.handshake.client.spiffeId, outcome: v.handshake.outcome }).toEqual({
      client: 'spire', server: 'istiod', spiffe: 'spiffe://spire.example.org/ns/partner-api/sa/partner-sync', outcome: 'allowed',
    });
    expect(v.diagram).toContain('SPIRE server #40;CA#41;');
  });

  it('defaults from to outside the mesh', () => {
    expect(view({ to: 'payments/ledger-c4v5b7kwvd-629wz', port: '8080' }).query.from).toBe('outside');
  });

  it.each([
    [{ port: '8080' }, 'bad-request'],
    [{ to: 'payments/ledger-c4v5b7kwvd-629wz' }, 'bad-request'],
    [{ to: 'payments/nope', port: '8080' }, 'not-found'],
    [{ to: 'payments/ledger-c4v5b7kwvd-629wz', port: '8080', from: 'payments/nope' }, 'not-found'],
  ])('%j is %s', (query, code) => {
    expect(() => view(query)).toThrow(ViewError);
    try {
      view(query);
    } catch (e) {
      expect((e as ViewError).code).toBe(code);
    }
  });
});
