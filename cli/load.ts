// Loading a snapshot for a verb: issues go to stderr (naming file, object and problem), and "nothing could be
// read" is a usage-level failure (exit 2), while a partly readable source is still computed.
import { loadSnapshot, parseSourceSpec, SourceUnavailableError } from '@/lib/server/load-source';
import { SourceUnreadableError } from '@/lib/sources/files/load-files-snapshot';
import type { CollectionIssue, MeshSnapshot } from '@/lib/snapshot/types';
import { UsageError, type CliIo } from './io';
import { terminalSafe } from './terminal-text';

export function formatIssue(issue: CollectionIssue): string {
  const where = issue.file ? `${issue.file}${issue.line ? `:${issue.line}` : ''}: ` : '';
  const what = issue.object ? `${issue.object}: ` : '';
  // File names and object names come from untrusted input.
  return terminalSafe(`${where}${what}${issue.reason}`);
}

function objectCount(s: MeshSnapshot): number {
  return (
    s.namespaces.length + s.pods.length + s.services.length + s.serviceAccounts.length + s.peerAuthentications.length +
    s.authorizationPolicies.length + s.requestAuthentications.length + s.destinationRules.length + s.envoyFilters.length +
    s.telemetries.length + s.rootCertConfigMaps.length + s.proxyCertificates.length + (s.meshConfig.from ? 1 : 0)
  );
}

export async function loadForCli(source: string, context: string | undefined, now: Date, io: CliIo): Promise<MeshSnapshot> {
  let snapshot: MeshSnapshot;
  try {
    snapshot = await loadSnapshot(parseSourceSpec(source, context), { now, env: io.env });
  } catch (e) {
    if (e instanceof SourceUnavailableError || e instanceof SourceUnreadableError) throw new UsageError(e.message);
    throw e;
  }
  for (const issue of snapshot.issues) io.stderr.write(`mesh-posture: warning: ${formatIssue(issue)}\n`);
  if (objectCount(snapshot) === 0) {
    throw new UsageError(`nothing could be read from ${source}${snapshot.issues.length ? ` (${snapshot.issues.length} problems above)` : ''}`);
  }
  return snapshot;
}
