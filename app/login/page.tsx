import { accessMode } from '@/lib/server/access';
import { safeReturnTo } from '@/lib/server/return-to';

export const dynamic = 'force-dynamic';

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

const first = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v[0] : v);

export default async function LoginPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams;
  const failed = params['failed'] !== undefined;
  const signedOut = params['signed-out'] !== undefined;
  const mode = accessMode();
  return (
    <main>
      <h2>Sign in</h2>
      {signedOut && (
        <p role="status" className="banner">
          You are signed out.
        </p>
      )}
      {mode.kind === 'oidc' && (
        <>
          <p className="muted">This server shows cluster data to members of the allowed users and groups of your organisation&apos;s identity provider.</p>
          {/* The return path is checked again by the sign-in route: only a path on this dashboard is ever followed. */}
          <a className="button" href={`/api/v1/auth/login?returnTo=${encodeURIComponent(safeReturnTo(first(params['returnTo'])))}`}>
            Sign in with the identity provider
          </a>
        </>
      )}
      {mode.kind === 'proxy' && <p className="muted">Sign-in is handled by the authenticating proxy in front of this server: open the dashboard through it.</p>}
      {mode.kind === 'anonymous' && <p className="muted">This server runs in anonymous mode: no sign-in is needed.</p>}
      {mode.kind === 'closed' && (
        <p role="alert" className="banner">
          {mode.reason}
        </p>
      )}
      {mode.kind === 'token' && (
        <>
          <p className="muted">This server shows cluster data only to holders of its access token (MESH_POSTURE_TOKEN).</p>
          {failed && (
            <p role="alert" className="banner">
              That token is not valid.
            </p>
          )}
          <form method="post" action="/api/v1/session">
            <label htmlFor="token">Access token</label>{' '}
            <input id="token" name="token" type="password" autoComplete="current-password" required minLength={16} />{' '}
            <button type="submit">Sign in</button>
          </form>
        </>
      )}
    </main>
  );
}
