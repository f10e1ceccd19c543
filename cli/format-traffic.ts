// The observed-traffic part of `report --format table`: the namespaces' STRICT readiness with evidence, the blocked
// workloads and who blocks them, and the contradictions. Every string from Prometheus goes through terminalSafe.
import type { TrafficModel } from '@/lib/mesh/traffic';
import { terminalSafe } from './terminal-text';

const MAX_LINES = 30;

export function formatTrafficSummary(t: TrafficModel): string {
  const lines = ['', `Observed traffic ${t.window.start} to ${t.window.end} (evidence: the last ${t.evidenceDays} days): ${t.status}${t.reason ? `, ${t.reason}` : ''}`];
  // Without figures every namespace would repeat the same reason: one line says it.
  if (t.status !== 'ok' && t.status !== 'incomplete') return `${[...lines, '  no namespace is ready for STRICT without evidence'].map(terminalSafe).join('\n')}\n`;
  for (const n of t.namespaces) {
    const since = n.strictReadiness === 'ready' && n.plaintextFreeSince ? `, plaintext-free since ${n.plaintextFreeSince}` : '';
    lines.push(`  ${n.namespace.padEnd(24)} ${n.strictReadiness.padEnd(10)} ${n.reason}${since}`);
  }
  const blocked = t.workloads.filter((w) => w.strictReadiness === 'blocked');
  if (blocked.length > 0) lines.push('', 'Blocked by plaintext (sender: last seen):');
  for (const w of blocked.slice(0, MAX_LINES)) {
    const inferred = w.likelySources.length > 0 ? ` (unknown is likely ${w.likelySources.map((s) => s.workload).join(', ')}: inferred from configuration)` : '';
    lines.push(`  ${w.namespace}/${w.workload} ← ${w.plaintextSources.join(', ')}, last at ${w.lastPlaintextAt ?? '?'}${inferred}`);
  }
  if (t.contradictions.length > 0) lines.push('', 'Policy and traffic disagree:');
  for (const c of t.contradictions.slice(0, MAX_LINES)) lines.push(`  ${c.severity.padEnd(7)} ${c.code}  ${c.message}`);
  return `${lines.map(terminalSafe).join('\n')}\n`;
}
