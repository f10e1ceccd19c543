export const dynamic = 'force-dynamic';

export default async function LoginPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const failed = (await searchParams)['failed'] !== undefined;
  return (
    <main>
      <h2>Sign in</h2>
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
    </main>
  );
}
