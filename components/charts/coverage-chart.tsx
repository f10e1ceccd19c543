'use client';
// mTLS coverage per namespace as a stacked bar chart (recharts). Loaded lazily by the overview so recharts stays out
// of the first-load bundle. Colours are backed by the legend's words, and the table below carries the same numbers
// for keyboard and screen-reader users (recharts' accessibility layer also lets the keyboard step through bars).
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { NamespaceCoverageRowDto } from '@/lib/api/views/overview';

export const COVERAGE_SERIES = [
  { key: 'strict', label: 'STRICT (mTLS enforced)', colour: '#0b6e4f' },
  { key: 'permissive', label: 'PERMISSIVE (accepts plaintext)', colour: '#d29922' },
  { key: 'disable', label: 'DISABLE (plaintext)', colour: '#b42318' },
  { key: 'none', label: 'No dataplane (plaintext)', colour: '#6b7280' },
  { key: 'unknown', label: 'Unknown (data missing)', colour: '#a78bfa' },
] as const;

export function CoverageChart({ rows }: { readonly rows: readonly NamespaceCoverageRowDto[] }) {
  const height = Math.max(160, 28 * rows.length + 80);
  return (
    <div style={{ width: '100%', height }}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={[...rows]} layout="vertical" margin={{ left: 24, right: 24 }}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} />
          <XAxis type="number" allowDecimals={false} />
          <YAxis type="category" dataKey="name" width={160} interval={0} />
          <Tooltip />
          <Legend />
          {COVERAGE_SERIES.map((s) => (
            <Bar key={s.key} dataKey={s.key} name={s.label} stackId="coverage" fill={s.colour} isAnimationActive={false} />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
