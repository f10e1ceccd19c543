'use client';
// Upcoming certificate expiries per bucket (recharts), stacked workload leaves and roots. Loaded lazily by the
// certificates view so recharts stays out of its first-load bundle; the view prints the same numbers as text and as
// a table beside it, so the chart is decorative for assistive technology.
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ExpiryBucketDto } from '@/lib/api/views/certificates';

export const EXPIRY_SERIES = [
  { key: 'workloads', label: 'Workload certificates', colour: '#1c5a7d' },
  { key: 'roots', label: 'Roots of trust', colour: '#b42318' },
] as const;

export function ExpiryTimeline({ buckets }: { readonly buckets: readonly ExpiryBucketDto[] }) {
  return (
    <div style={{ width: '100%', height: 260 }} aria-hidden="true">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={[...buckets]} margin={{ left: 8, right: 24, top: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" interval="preserveStartEnd" minTickGap={16} />
          <YAxis allowDecimals={false} />
          <Tooltip />
          <Legend />
          {EXPIRY_SERIES.map((s) => (
            <Bar key={s.key} dataKey={s.key} name={s.label} stackId="expiries" fill={s.colour} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
