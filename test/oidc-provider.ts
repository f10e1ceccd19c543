// A real OpenID Connect provider for the sign-in tests (the `oidc-provider` package, with its development login and
// consent pages), on loopback at a free port. Used by the browser specs (e2e/signin/) and the route tests.
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type net from 'node:net';
import Provider from 'oidc-provider';

export const CLIENT_ID = 'mesh-posture-e2e';
export const CLIENT_SECRET = 'e2e-client-secret-0123456789abcdef';
export const SESSION_SECRET = 'e2e-session-secret-0123456789abcdefghij';

/** The provider's accounts: any login name works at its development login page; these have claims. */
const ACCOUNTS: Record<string, { sub: string; [claim: string]: unknown }> = {
  ana: { sub: 'ana', email: 'ana@example.com', email_verified: true, groups: ['platform', 'developers'] },
  eve: { sub: 'eve', email: 'eve@example.com', email_verified: true, groups: ['sales'] },
};

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
    // Koa types it as a string; it is undefined when the response has no Location.
    const location: unknown = ctx.response.get('location');
    if (hold !== undefined && typeof location === 'string' && appOrigins.some((o) => location.startsWith(`${o}/api/v1/auth/callback?`))) {
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
