'use client';
// STRICT share of workload ports over time (recharts), for the mesh and the namespace filtered on. Loaded lazily by
// the History view. The list of changes below it carries the same story in text for keyboard and screen readers.
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { StrictSharePoint } from '@/lib/api/views/history';

export function StrictShareChart({ points, namespace }: { readonly points: readonly StrictSharePoint[]; readonly namespace: string }) {
  return (
    <div style={{ width: '100%', height: 280 }}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={[...points]} margin={{ left: 8, right: 24, top: 8 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="at" tickFormatter={(at: string) => at.slice(0, 10)} minTickGap={24} />
          <YAxis domain={[0, 100]} unit="%" width={48} />
          <Tooltip formatter={(v) => `${String(v)}%`} />
          <Legend />
          <Line type="stepAfter" dataKey="mesh" name="Mesh: ports STRICT" stroke="#0b6e4f" dot={false} isAnimationActive={false} connectNulls />
          {namespace && <Line type="stepAfter" dataKey="namespace" name={`${namespace}: ports STRICT`} stroke="#1d4ed8" strokeDasharray="6 3" dot={false} isAnimationActive={false} connectNulls />}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
