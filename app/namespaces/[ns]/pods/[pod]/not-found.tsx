import Link from 'next/link';

// Reached through notFound() when the source has no such pod (or the name is not a Kubernetes name).
export default function PodNotFound() {
  return (
    <main>
      <h1>Pod not found</h1>
      <p role="status" className="empty-state" data-testid="pod-not-found">
        This pod is not in the source. It may have been deleted or rescheduled under a new name; pods are listed on their namespace&apos;s page.
      </p>
      <p>
        <Link href="/">Back to the overview</Link>
      </p>
    </main>
  );
}
