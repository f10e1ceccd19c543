import { describe, expect, it } from 'vitest';
import { accessMode, checkAccess, metricsAccessMode, TOKEN_COOKIE } from './access';

const TOKEN = 'correct-horse-battery-staple';
const headers = (h: Record<string, string> = {}) => new Headers(h);

describe('access to cluster data', () => {
  it.each<{ name: string; env: Record<string, string>; h: Record<string, string>; allowed: boolean }>([
    { name: 'unconfigured is closed', env: {}, h: {}, allowed: false },
    { name: 'a short token keeps it closed', env: { MESH_POSTURE_TOKEN: 'short' }, h: { authorization: 'Bearer short' }, allowed: false },
    { name: 'explicit anonymous mode lets anyone in', env: { MESH_POSTURE_ANONYMOUS: 'true' }, h: {}, allowed: true },
    { name: 'anonymous must be exactly "true"', env: { MESH_POSTURE_ANONYMOUS: '1' }, h: {}, allowed: false },
    { name: 'token mode without a token', env: { MESH_POSTURE_TOKEN: TOKEN }, h: {}, allowed: false },
    { name: 'token mode with the bearer token', env: { MESH_POSTURE_TOKEN: TOKEN }, h: { authorization: `Bearer ${TOKEN}` }, allowed: true },
    { name: 'token mode with the sign-in cookie', env: { MESH_POSTURE_TOKEN: TOKEN }, h: { cookie: `theme=dark; ${TOKEN_COOKIE}=${encodeURIComponent(TOKEN)}` }, allowed: true },
    { name: 'token mode with a wrong token', env: { MESH_POSTURE_TOKEN: TOKEN }, h: { authorization: 'Bearer correct-horse-battery-stapler' }, allowed: false },
  ])('$name', ({ env, h, allowed }) => {
    expect(checkAccess(headers(h), accessMode(env)).allowed).toBe(allowed);
  });

  it('says how to configure access when closed', () => {
    const d = checkAccess(headers(), accessMode({}));
    expect(d.allowed ? '' : d.reason).toMatch(/MESH_POSTURE_TOKEN.*MESH_POSTURE_ANONYMOUS=true/);
  });
});

// Issue #15 item 4: another application on the same host can set this cookie. A bad percent-encoding used to throw
// from decodeURIComponent, failing every protected page and route with a 500 and a stack trace per request.
describe('a malformed sign-in cookie', () => {
  it.each(['%', '%E0%A4%A', 'abc%zz', '%C0%AF'])('%j is a bad request naming the cookie, never an exception', (value) => {
    const d = checkAccess(headers({ cookie: `${TOKEN_COOKIE}=${value}` }), accessMode({ MESH_POSTURE_TOKEN: TOKEN }));
    expect(d).toEqual({ allowed: false, mode: 'token', code: 'bad-request', reason: `the ${TOKEN_COOKIE} cookie is not valid percent-encoding: sign in again to replace it` });
  });

  it('a bearer token still wins over a malformed cookie', () => {
    const d = checkAccess(headers({ authorization: `Bearer ${TOKEN}`, cookie: `${TOKEN_COOKIE}=%` }), accessMode({ MESH_POSTURE_TOKEN: TOKEN }));
    expect(d.allowed).toBe(true);
  });
});

describe('access to /metrics', () => {
  const METRICS = 'prometheus-scrape-token-0123';
  it.each<{ name: string; env: Record<string, string>; h: Record<string, string>; allowed: boolean }>([
    { name: 'its own token', env: { MESH_POSTURE_TOKEN: TOKEN, MESH_POSTURE_METRICS_TOKEN: METRICS }, h: { authorization: `Bearer ${METRICS}` }, allowed: true },
    { name: 'its own token replaces the API token', env: { MESH_POSTURE_TOKEN: TOKEN, MESH_POSTURE_METRICS_TOKEN: METRICS }, h: { authorization: `Bearer ${TOKEN}` }, allowed: false },
    { name: 'a short metrics token keeps it closed, even with anonymous metrics', env: { MESH_POSTURE_METRICS_TOKEN: 'short', MESH_POSTURE_METRICS_ANONYMOUS: 'true' }, h: { authorization: 'Bearer short' }, allowed: false },
    { name: 'anonymous metrics', env: { MESH_POSTURE_METRICS_ANONYMOUS: 'true' }, h: {}, allowed: true },
    { name: 'otherwise the API token', env: { MESH_POSTURE_TOKEN: TOKEN }, h: { authorization: `Bearer ${TOKEN}` }, allowed: true },
    { name: 'otherwise the API mode: anonymous', env: { MESH_POSTURE_ANONYMOUS: 'true' }, h: {}, allowed: true },
    { name: 'unconfigured is closed', env: {}, h: {}, allowed: false },
  ])('$name', ({ env, h, allowed }) => {
    expect(checkAccess(headers(h), metricsAccessMode(env)).allowed).toBe(allowed);
  });
});
