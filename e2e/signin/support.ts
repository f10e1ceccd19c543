// Servers for the sign-in specs: a real OpenID Connect provider (test/oidc-provider.ts) and Mesh Posture servers started from the same `next build` with the environment of the
// mode under test. Every port is chosen free at start, so the specs do not collide with the config's servers.
import { spawn, type ChildProcess } from 'node:child_process';
import { createCipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import net from 'node:net';
import { expect, type Page } from '@playwright/test';
import { CLIENT_ID, CLIENT_SECRET, SESSION_SECRET } from '../../test/oidc-provider';

export { CLIENT_ID, CLIENT_SECRET, SESSION_SECRET, startProvider, type RunningProvider } from '../../test/oidc-provider';

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export type RunningApp = { readonly url: string; readonly output: () => string; stop(): void };

/** Starts `bin/mesh-posture-server.mjs` (the built app) with the demo source and only the given MESH_POSTURE_* settings. */
export async function startApp(port: number, env: Record<string, string>): Promise<RunningApp> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  for (const k of Object.keys(childEnv)) if (k.startsWith('MESH_POSTURE_')) delete childEnv[k];
  Object.assign(childEnv, { MESH_POSTURE_SOURCE: 'demo', MESH_POSTURE_DATABASE_URL: 'off' }, env);
  const child: ChildProcess = spawn(process.execPath, ['bin/mesh-posture-server.mjs', '--hostname', '127.0.0.1', '--port', String(port)], {
    env: childEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}): ${output}`);
    const ok = await fetch(`${url}/login`).then((r) => r.ok, () => false);
    if (ok) break;
    if (Date.now() > deadline) throw new Error(`the server did not start: ${output}`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return { url, output: () => output, stop: () => void child.kill('SIGTERM') };
}

export function oidcEnv(issuer: string, appUrl: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    MESH_POSTURE_OIDC_ISSUER: issuer,
    MESH_POSTURE_OIDC_CLIENT_ID: CLIENT_ID,
    MESH_POSTURE_OIDC_CLIENT_SECRET: CLIENT_SECRET,
    MESH_POSTURE_OIDC_SCOPES: 'openid email groups',
    MESH_POSTURE_OIDC_ALLOWED_GROUPS: 'platform,security',
    MESH_POSTURE_PUBLIC_URL: appUrl,
    MESH_POSTURE_SESSION_SECRET: SESSION_SECRET,
    ...extra,
  };
}

/** The provider's development login and consent pages, as a person would use them. */
export async function signInAtProvider(page: Page, login: string): Promise<void> {
  await page.locator('input[name=login]').fill(login);
  await page.locator('input[name=password]').fill('any password');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  await page.getByRole('button', { name: 'Continue' }).click();
}

/** From the dashboard's sign-in page through the provider and back. */
export async function signIn(page: Page, appUrl: string, login: string, path = '/login'): Promise<void> {
  await page.goto(`${appUrl}${path}`);
  await page.getByRole('link', { name: 'Sign in with the identity provider' }).click();
  await expect(page.locator('input[name=login]')).toBeVisible();
  await signInAtProvider(page, login);
}

/**
 * A flow cookie sealed exactly as lib/server/sealed-cookie.ts seals it (HKDF-SHA256 key per purpose, AES-256-GCM,
 * `v1.` + base64url(iv | tag | ciphertext)), written independently: the nonce and PKCE tests need a flow whose
 * state matches the provider's answer while its nonce or code verifier does not.
 */
export function sealFlowCookie(flow: { state: string; nonce: string; verifier: string; returnTo: string }, secret = SESSION_SECRET): string {
  const key = Buffer.from(hkdfSync('sha256', Buffer.from(secret), Buffer.alloc(0), 'mesh-posture oidc-flow v1', 32));
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update(JSON.stringify({ ...flow, exp: Math.floor(Date.now() / 1000) + 600 })), cipher.final()]);
  return `v1.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
}

export const pkceChallenge = (verifier: string): string => createHash('sha256').update(verifier).digest('base64url');
export const randomToken = (): string => randomBytes(32).toString('base64url');
