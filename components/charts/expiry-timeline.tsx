'use client';
// Upcoming certificate expiries per bucket (recharts), workload leaves and roots side by side. Loaded lazily by the
// certificates view so recharts stays out of its first-load bundle; the view prints the same numbers as text and as
// a table beside it, so the chart is decorative for assistive technology.
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ExpiryBucketDto } from '@/lib/api/views/certificates';

export const EXPIRY_SERIES = [
  { key: 'workloads', label: 'Workload certificates (left axis)', colour: '#1c5a7d', axis: 'left' },
  { key: 'roots', label: 'Roots of trust (right axis)', colour: '#b42318', axis: 'right' },
] as const;

export function ExpiryTimeline({ buckets }: { readonly buckets: readonly ExpiryBucketDto[] }) {
  return (
    <div style={{ width: '100%', height: 260 }} aria-hidden="true">
      <ResponsiveContainer width="100%" height="100%">
        {/* Decorative for assistive technology (the view gives the figures as text and a table): not focusable either. */}
        <BarChart data={[...buckets]} margin={{ left: 8, right: 24, top: 8 }} accessibilityLayer={false}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="label" interval="preserveStartEnd" minTickGap={16} />
          {/* Roots are few and workload leaves many: each series gets its own axis so a single expiring root stays visible. */}
          <YAxis yAxisId="left" allowDecimals={false} />
          <YAxis yAxisId="right" orientation="right" allowDecimals={false} />
          <Tooltip />
          <Legend />
          {EXPIRY_SERIES.map((s) => (
            <Bar key={s.key} yAxisId={s.axis} dataKey={s.key} name={s.label} fill={s.colour} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
