// Recorded Istio traffic for a real Prometheus: counters sampled every `everySeconds` from `from` to `to`, written as
// OpenMetrics for promtool (seconds timestamps, samples of one metric name together, each series in time order,
// a final `# EOF`).

export interface CounterSeries {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  /** How much the counter grows in the interval ending at unix second `t`. */
  readonly increment: (t: number) => number;
}

const escapeLabel = (v: string): string => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

export const unix = (iso: string): number => Date.parse(iso) / 1000;

export function openMetrics(series: readonly CounterSeries[], range: { from: string; to: string; everySeconds: number }): string {
  const from = unix(range.from);
  const to = unix(range.to);
  const byName = new Map<string, CounterSeries[]>();
  for (const s of series) byName.set(s.name, [...(byName.get(s.name) ?? []), s]);
  const lines: string[] = [];
  for (const [name, list] of byName) {
    for (const s of list) {
      const labels = Object.entries(s.labels)
        .map(([k, v]) => `${k}="${escapeLabel(v)}"`)
        .join(',');
      let value = 0;
      for (let t = from; t <= to; t += range.everySeconds) {
        value += t === from ? 0 : s.increment(t);
        lines.push(`${name}{${labels}} ${value} ${t}`);
      }
    }
  }
  lines.push('# EOF', '');
  return lines.join('\n');
}

/** Istio's standard labels for one edge reported by the destination (istio.io docs/reference/config/metrics). */
export function istioEdge(from: string, to: string, securityPolicy: 'mutual_tls' | 'none' | 'unknown', extra: Record<string, string> = {}): Record<string, string> {
  const [srcNs = 'unknown', srcWl = 'unknown'] = from === 'unknown' ? [] : from.split('/');
  const [dstNs = 'unknown', dstWl = 'unknown'] = to.split('/');
  return {
    reporter: 'destination',
    source_workload: srcWl,
    source_workload_namespace: srcNs,
    source_principal: securityPolicy === 'mutual_tls' && from !== 'unknown' ? `spiffe://cluster.local/ns/${srcNs}/sa/${srcWl}` : 'unknown',
    source_app: srcWl,
    destination_workload: dstWl,
    destination_workload_namespace: dstNs,
    destination_principal: `spiffe://cluster.local/ns/${dstNs}/sa/${dstWl}`,
    destination_service: `${dstWl}.${dstNs}.svc.cluster.local`,
    connection_security_policy: securityPolicy,
    response_code: '200',
    // Scrape labels that `sum by` must aggregate away.
    namespace: dstNs,
    pod: `${dstWl}-5c6b7d9f8-abcde`,
    instance: '10.0.0.1:15020',
    job: 'kubernetes-pods',
    ...extra,
  };
}
