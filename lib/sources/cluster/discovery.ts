// Which version of each resource the API server serves (discovery: /api, /apis, /apis/{group}/{version}).
// A CRD group that is not served is "absent", not an error: for the Istio groups that reads "Istio not detected".
import type { KubeClient } from './kube-client';
import { isIstioGroup, type KindSpec } from './kind-table';

export type Resolution =
  | { readonly type: 'served'; readonly version: string }
  | { readonly type: 'absent'; readonly reason: string };

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function served(list: unknown): Set<string> {
  const names = new Set<string>();
  const resources = isRecord(list) && Array.isArray(list['resources']) ? list['resources'] : [];
  for (const r of resources) if (isRecord(r) && typeof r['name'] === 'string') names.add(r['name']);
  return names;
}

/** Group → versions served, from /apis (the core group '' from /api). */
function groupVersions(apis: unknown, core: unknown): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  const coreVersions = isRecord(core) && Array.isArray(core['versions']) ? core['versions'].filter((v): v is string => typeof v === 'string') : [];
  out.set('', new Set(coreVersions));
  const groups = isRecord(apis) && Array.isArray(apis['groups']) ? apis['groups'] : [];
  for (const g of groups) {
    if (!isRecord(g) || typeof g['name'] !== 'string' || !Array.isArray(g['versions'])) continue;
    const versions = new Set<string>();
    for (const v of g['versions']) if (isRecord(v) && typeof v['version'] === 'string') versions.add(v['version']);
    out.set(g['name'], versions);
  }
  return out;
}

function absentReason(spec: KindSpec, why: string): string {
  return isIstioGroup(spec.group) ? `Istio not detected: ${why}` : why;
}

/**
 * Resolves every kind in one discovery pass: 2 requests plus one per group/version the table can use.
 * Throws (a KubeApiError) when discovery itself fails, so the caller retries with backoff.
 */
export async function discover(client: KubeClient, specs: readonly KindSpec[]): Promise<Map<string, Resolution>> {
  const [core, apis] = await Promise.all([client.getJson('/api'), client.getJson('/apis')]);
  const groups = groupVersions(apis, core);
  const wanted = new Set<string>();
  for (const s of specs) for (const v of s.versions) if (groups.get(s.group)?.has(v)) wanted.add(`${s.group}/${v}`);
  const lists = new Map<string, Set<string>>();
  await Promise.all(
    [...wanted].map(async (gv) => {
      const [group, version] = [gv.slice(0, gv.lastIndexOf('/')), gv.slice(gv.lastIndexOf('/') + 1)];
      lists.set(gv, served(await client.getJson(group === '' ? `/api/${version}` : `/apis/${group}/${version}`)));
    }),
  );
  const out = new Map<string, Resolution>();
  for (const s of specs) {
    const versions = groups.get(s.group);
    const version = s.versions.find((v) => lists.get(`${s.group}/${v}`)?.has(s.resource));
    if (version) out.set(s.id, { type: 'served', version });
    else if (!versions || versions.size === 0) out.set(s.id, { type: 'absent', reason: absentReason(s, `the API group ${s.group || 'core'} is not served by this cluster`) });
    else out.set(s.id, { type: 'absent', reason: absentReason(s, `${s.resource} is not served at ${s.group}/${s.versions.join(' | ')} (served: ${[...versions].slice(0, 10).join(', ')})`) });
  }
  return out;
}
