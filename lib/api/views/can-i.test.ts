// The Can I? form's values in the URL: parsed with defaults and limits, written back without the defaults.
import { describe, expect, it } from 'vitest';
import { canISearch, parseCanIFilters } from './can-i';
import { handshakeHref, handshakeSearch, parseHandshakeFilters } from './handshake';

describe('parseCanIFilters / canISearch', () => {
  it('defaults to a client outside the mesh, no token and no question', () => {
    expect(parseCanIFilters(new URLSearchParams(''))).toEqual({ from: 'outside', to: '', port: '', method: '', path: '', host: '', headers: '', jwt: 'none', claims: '' });
  });

  it('keeps a question through the URL, dropping defaults and claims unless the token is valid', () => {
    const query = 'from=shop%2Fweb-1&to=shop%2Fapi-1&port=8080&method=POST&path=%2Fitems&headers=x-a%3A+1&jwt=invalid&claims=%7B%7D';
    const filters = parseCanIFilters(new URLSearchParams(query));
    expect(canISearch(filters)).toBe('?from=shop%2Fweb-1&headers=x-a%3A+1&jwt=invalid&method=POST&path=%2Fitems&port=8080&to=shop%2Fapi-1');
    expect(canISearch({ ...filters, from: 'outside', jwt: 'valid', claims: '{"sub":"a"}' })).toContain('claims=%7B%22sub%22%3A%22a%22%7D');
  });

  it('falls back to no token for an unknown jwt mode and cuts oversized values', () => {
    const filters = parseCanIFilters(new URLSearchParams({ jwt: 'forged', port: '123456789', to: 'x'.repeat(5000) }));
    expect({ jwt: filters.jwt, port: filters.port, to: filters.to.length }).toEqual({ jwt: 'none', port: '12345', to: 600 });
  });
});

describe('handshake filters and links', () => {
  it('links a pod client row, or a client outside the mesh, to the handshake page', () => {
    expect([handshakeHref('shop/web-1', 'shop/api-1', 8080), handshakeHref(null, 'shop/api-1', 8080)]).toEqual([
      '/handshake?from=shop%2Fweb-1&port=8080&to=shop%2Fapi-1',
      '/handshake?from=outside&port=8080&to=shop%2Fapi-1',
    ]);
  });

  it('reads from=outside as the default and leaves it out of the API query', () => {
    const filters = parseHandshakeFilters(new URLSearchParams('to=shop/api-1&port=8080'));
    expect({ filters, search: handshakeSearch(filters) }).toEqual({ filters: { from: 'outside', to: 'shop/api-1', port: '8080' }, search: '?port=8080&to=shop%2Fapi-1' });
  });
});
