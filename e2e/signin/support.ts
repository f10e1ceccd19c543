// Servers for the sign-in specs: a real OpenID Connect provider (the `oidc-provider` package, with its development
// login and consent pages) and Mesh Posture servers started from the same `next build` with the environment of the
// mode under test. Every port is chosen free at start, so the specs do not collide with the config's servers.
import { spawn, type ChildProcess } from 'node:child_process';
import { createCipheriv, createHash, hkdfSync, randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import net from 'node:net';
import Provider from 'oidc-provider';
import { expect, type Page } from '@playwright/test';

export const CLIENT_ID = 'mesh-posture-e2e';
export const CLIENT_SECRET = 'e2e-client-secret-0123456789abcdef';
export const SESSION_SECRET = 'e2e-session-secret-0123456789abcdefghij';

/** The provider's accounts: any login name works at its development login page; these have claims. */
const ACCOUNTS: Record<string, { sub: string; [claim: string]: unknown }> = {
  ana: { sub: 'ana', email: 'ana@example.com', email_verified: true, groups: ['platform', 'developers'] },
  eve: { sub: 'eve', email: 'eve@example.com', email_verified: true, groups: ['sales'] },
};

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

export type RunningProvider = {
  readonly issuer: string;
  /** The provider's next redirect back to a dashboard is held (answered 200 here) and its URL returned, unfollowed. */
  holdNextCallback(): Promise<string>;
  close(): Promise<void>;
};

/** Starts the provider on loopback; `appOrigins` are the dashboards registered as its client's redirect targets. */
export async function startProvider(appOrigins: readonly string[]): Promise<RunningProvider> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        redirect_uris: appOrigins.map((o) => `${o}/api/v1/auth/callback`),
        post_logout_redirect_uris: appOrigins.map((o) => `${o}/login?signed-out=1`),
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    claims: { openid: ['sub'], email: ['email', 'email_verified'], groups: ['groups'] },
    scopes: ['openid', 'email', 'groups'],
    pkce: { required: () => true },
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
    cookies: { keys: [randomBytes(16).toString('hex')] },
    findAccount: (_ctx, id) => ({ accountId: id, claims: () => ACCOUNTS[id] ?? { sub: id } }),
  });
  let hold: ((url: string) => void) | undefined;
  provider.use(async (ctx, next) => {
    await next();
    const location = ctx.response.get('location');
    if (hold !== undefined && location !== '' && appOrigins.some((o) => location.startsWith(`${o}/api/v1/auth/callback?`))) {
      hold(location);
      hold = undefined;
      ctx.status = 200;
      ctx.remove('location');
      ctx.body = 'held by the test';
    }
  });
  server.on('request', provider.callback());
  return {
    issuer,
    holdNextCallback: () => new Promise<string>((resolve) => (hold = resolve)),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
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
