// Who is signed in, in the header: the name the identity provider (or the authenticating proxy) gave, and a
// sign-out button when the sign-in is this server's own (OpenID Connect or the token cookie).
export function SignedInUser({ user, via, canSignOut }: { readonly user: string | undefined; readonly via: 'oidc' | 'proxy' | 'token'; readonly canSignOut: boolean }) {
  return (
    <div className="signed-in" aria-label="Signed in">
      <span>{user === undefined ? 'Signed in with the access token' : <>Signed in as <strong data-testid="signed-in-user">{user}</strong></>}</span>
      {via === 'proxy' && <span className="muted"> (through the authenticating proxy)</span>}
      {canSignOut && (
        <form method="post" action="/api/v1/auth/logout">
          <button type="submit">Sign out</button>
        </form>
      )}
    </div>
  );
}
