// Shown while a view's server component computes its first data.
export default function Loading() {
  return (
    <main>
      <p role="status" aria-busy="true" className="muted">
        Loading…
      </p>
    </main>
  );
}
