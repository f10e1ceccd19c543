// Loading a snapshot for a verb: issues go to stderr (naming file, object and problem), and "nothing could be
// read" is a usage-level failure (exit 2), while a partly readable source is still computed.
import { loadSnapshot, parseSourceSpec, SourceUnavailableError } from '@/lib/server/load-source';
import { SourceUnreadableError } from '@/lib/sources/files/load-files-snapshot';
import { countOf } from '@/lib/report/render/format-values';
import { isIncompleteness, type MeshSnapshot } from '@/lib/snapshot/types';
import { UsageError, type CliIo } from './io';
import { summariseIssues } from './issue-summary';

export { formatIssue } from './issue-summary';

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
  for (const line of summariseIssues(snapshot.issues)) io.stderr.write(`mesh-posture: ${line}\n`);
  if (objectCount(snapshot) === 0) {
    const problems = snapshot.issues.filter(isIncompleteness).length;
    throw new UsageError(`nothing could be read from ${source}${problems ? ` (${countOf(problems, 'problem')} above)` : ''}`);
  }
  return snapshot;
}
