import Link from 'next/link';

// An unknown namespace (the API answers 404 too). The page may already be streaming behind the root loading UI,
// in which case Next keeps status 200 and marks the page noindex; the text says what happened either way.
export default function NamespaceNotFound() {
  return (
    <main>
      <h1>Namespace not found</h1>
      <p role="status" data-testid="namespace-not-found">
        404: this namespace is not in the mesh snapshot. It may have been deleted, or the source could not list it.
      </p>
      <p>
        <Link href="/">Back to the overview</Link>
      </p>
    </main>
  );
}
