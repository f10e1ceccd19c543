// The observed-traffic section of the Markdown report (docs/traffic.md): readiness on evidence per namespace, who
// blocks it, and the contradictions. Every string from Prometheus is hostile: it goes through mdText like cluster data.
import type { TrafficModel } from '@/lib/mesh/traffic';
import { mdTable, mdText } from './markdown';

export function trafficSection(t: TrafficModel, max: number): string[] {
  const blocked = t.workloads.filter((w) => w.strictReadiness === 'blocked');
  return [
    '## Observed traffic',
    '',
    `Window ${mdText(t.window.start)} to ${mdText(t.window.end)}; readiness on the last ${t.evidenceDays} days of evidence. Status: **${mdText(t.status)}**${t.reason ? `: ${mdText(t.reason)}` : ''}.`,
    '',
    '### STRICT readiness per namespace', '',
    mdTable(['Namespace', 'Readiness', 'Plaintext-free since', 'Why'], t.namespaces.map((n) => [n.namespace, n.strictReadiness, n.strictReadiness === 'ready' ? n.plaintextFreeSince : '', n.reason]), max), '',
    '### Blocked by plaintext', '',
    mdTable(['Workload', 'Plaintext from', 'Likely senders (inferred from configuration)', 'First', 'Last'],
      blocked.map((w) => [`${w.namespace}/${w.workload}`, w.plaintextSources.join(', '), w.likelySources.map((s) => s.workload).join(', '), w.firstPlaintextAt, w.lastPlaintextAt]), max), '',
    '### Policy and traffic disagree', '',
    mdTable(['Code', 'Severity', 'Workload', 'Policy', 'Observed'], t.contradictions.map((c) => [c.code, c.severity, `${c.namespace}/${c.workload}`, c.policy ?? '', c.observed]), max), '',
  ];
}
