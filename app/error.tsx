'use client';
// A view that failed on the server (source unreadable, unexpected error): say so and offer a retry.
export default function ViewError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main>
      <h2>This view could not be loaded</h2>
      <div role="alert" className="banner banner-error" data-testid="view-error">
        <p>{error.message || 'The server could not compute the posture.'}</p>
        <button type="button" onClick={() => reset()}>
          Retry
        </button>
      </div>
    </main>
  );
}
