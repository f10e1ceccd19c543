// The observed-traffic section of the HTML report (docs/traffic.md), when Prometheus was read: readiness on evidence
// per namespace, the workloads plaintext blocks and who sends it (likely senders marked inferred), the contradictions.
// Every string from Prometheus is hostile: cells go through htmlTable, which escapes them.
import type { TrafficModel } from '@/lib/mesh/traffic';
import { escapeHtml } from './escape-html';
import { htmlTable, verdict } from './html-parts';

const MAX_ROWS = 200;
const TONE = { ready: 'ok', blocked: 'bad', 'no-traffic': 'warn', unknown: 'warn' } as const;

export function trafficHtmlSection(t: TrafficModel): string {
  const blocked = t.workloads.filter((w) => w.strictReadiness === 'blocked');
  return [
    '<h2 id="traffic">Observed traffic</h2>',
    `<p>${escapeHtml(`Window ${t.window.start} to ${t.window.end}; readiness on the last ${t.evidenceDays} days of evidence. Status: ${t.status}${t.reason ? `: ${t.reason}` : ''}.`)}</p>`,
    htmlTable(
      'STRICT readiness per namespace, on observed traffic',
      [{ label: 'Namespace' }, { label: 'Readiness' }, { label: 'Plaintext-free since' }, { label: 'Why' }],
      t.namespaces.slice(0, MAX_ROWS).map((n) => [n.namespace, verdict(n.strictReadiness, TONE[n.strictReadiness]), n.strictReadiness === 'ready' ? n.plaintextFreeSince : null, n.reason]),
    ),
    htmlTable(
      'Workloads blocked by plaintext',
      [{ label: 'Workload' }, { label: 'Plaintext from' }, { label: 'Likely senders (inferred from configuration)' }, { label: 'Last plaintext' }],
      blocked.slice(0, MAX_ROWS).map((w) => [`${w.namespace}/${w.workload}`, w.plaintextSources.join(', '), w.likelySources.map((s) => s.workload).join(', '), w.lastPlaintextAt]),
    ),
    htmlTable(
      'Policy and traffic disagree',
      [{ label: 'Code', align: 'code' }, { label: 'Workload' }, { label: 'Policy' }, { label: 'Observed' }],
      t.contradictions.slice(0, MAX_ROWS).map((c) => [c.code, `${c.namespace}/${c.workload}`, c.policy, c.observed]),
    ),
  ].join('');
}
