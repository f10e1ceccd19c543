// Observed traffic as the other views show it: where the figures come from (window, status, and whether they were
// joined with the posture shown), and a namespace's STRICT readiness on evidence in words. States are words first;
// colour only repeats them. Strings from Prometheus (sender names) are rendered as text only.
import Link from 'next/link';
import type { TrafficBriefDto, TrafficEvidenceDto } from '@/lib/api/views/traffic';

const day = (rfc3339: string): string => rfc3339.slice(0, 10);

/** One line under a section: the window and status of the observed traffic behind it. */
export function TrafficBriefNote({ brief }: { readonly brief: TrafficBriefDto }) {
  return (
    <p className="muted" data-testid="traffic-brief">
      {brief.status === 'ok'
        ? `Observed traffic from ${day(brief.window.start)} to ${day(brief.window.end)}; readiness on the last ${brief.evidenceDays} days.`
        : `Observed traffic is ${brief.status}${brief.reason ? `: ${brief.reason}` : ''}; nothing is ready for STRICT on evidence.`}
      {!brief.current && ' These figures were joined with the previous posture; the newest one is being prepared.'}{' '}
      <Link href="/traffic">Observed traffic</Link>
    </p>
  );
}

const STATE_CLASS: Readonly<Record<string, string>> = { ready: 'state-passed', blocked: 'state-failed', 'no-traffic': 'state-unknown', unknown: 'state-unknown' };

/** "Ready for STRICT on evidence: plaintext-free since …", or who blocks it, or why there is no evidence. */
export function EvidenceText({ evidence }: { readonly evidence: TrafficEvidenceDto }) {
  const text = ((): string => {
    switch (evidence.strictReadiness) {
      case 'ready':
        return `Ready for STRICT on evidence, plaintext-free since ${evidence.plaintextFreeSince ? day(evidence.plaintextFreeSince) : 'the window start'}: ${evidence.reason}.`;
      case 'blocked':
        return `Not ready on evidence: ${evidence.reason}.`;
      case 'no-traffic':
        return `No evidence either way: ${evidence.reason}.`;
      default:
        return `Readiness on evidence unknown: ${evidence.reason}.`;
    }
  })();
  return (
    <span className={STATE_CLASS[evidence.strictReadiness] ?? 'state-unknown'} data-testid="traffic-evidence" data-readiness={evidence.strictReadiness}>
      {text}
    </span>
  );
}
