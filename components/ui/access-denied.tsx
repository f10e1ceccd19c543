// Shown instead of any cluster data when the request may not see it (lib/server/access.ts).
export function AccessDenied({ reason, canSignIn }: { readonly reason: string; readonly canSignIn: boolean }) {
  return (
    <main>
      <h2>No access</h2>
      <p role="alert" className="banner">
        {reason}
      </p>
      {canSignIn && (
        <p>
          <a href="/login">Sign in</a>
        </p>
      )}
    </main>
  );
}
