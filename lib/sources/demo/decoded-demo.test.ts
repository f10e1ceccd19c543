// The demo manifests decoded ahead of time must read exactly as the YAML does, and never when the YAML changed.
import { cpSync, mkdtempSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { readManifests } from '../files/read-manifests';
import { DECODED_DEMO_FILE, demoManifestsDigest, encodeDecodedDemo, readDecodedDemo } from './decoded-demo';
import { loadDemoSnapshot } from './load-demo-snapshot';

const DEMO = path.resolve(__dirname, '../../../demo');
const READ_AT = '2026-12-01T00:00:00Z';
let dir: string;

/** A PeerAuthentication the API server rejects: the CRD's enum is upper case (`mode: strict` is not admitted). */
const REJECTED = '\n---\napiVersion: security.istio.io/v1\nkind: PeerAuthentication\nmetadata: { name: lower-case, namespace: payments }\nspec: { mtls: { mode: strict } }\n';

/** A copy of the demo (manifests, certificate spec) with its decoding written beside it, as `npm run build:cli` writes it. */
async function decodedCopy(extra = ''): Promise<string> {
  dir = mkdtempSync(path.join(tmpdir(), 'decoded-demo-'));
  cpSync(path.join(DEMO, 'manifests'), path.join(dir, 'manifests'), { recursive: true });
  cpSync(path.join(DEMO, 'certificates.yaml'), path.join(dir, 'certificates.yaml'));
  if (extra) appendFileSync(path.join(dir, 'manifests', '12-payments.yaml'), extra);
  const reading = await readManifests(path.join(dir, 'manifests'), { readAt: READ_AT, displayRoot: dir });
  writeFileSync(path.join(dir, DECODED_DEMO_FILE), encodeDecodedDemo(reading, await demoManifestsDigest(dir)));
  return dir;
}

afterEach(() => {
  vi.unstubAllEnvs();
  rmSync(dir, { recursive: true, force: true });
});

describe('readDecodedDemo', () => {
  it('gives the documents and issues that decoding the YAML gives', async () => {
    const d = await decodedCopy();
    const fromYaml = await readManifests(path.join(d, 'manifests'), { readAt: READ_AT, displayRoot: d });
    expect(await readDecodedDemo(d)).toEqual({ documents: fromYaml.documents, issues: fromYaml.issues, admitted: true });
  });

  it('records that the admission checks pass the demo as it is, so loading it skips them with the same snapshot', async () => {
    const d = await decodedCopy();
    vi.stubEnv('MESH_POSTURE_DEMO_DIR', d);
    const now = new Date(READ_AT);
    const strip = (s: Awaited<ReturnType<typeof loadDemoSnapshot>>) => JSON.stringify({ ...s, proxyCertificates: s.proxyCertificates.length, rootCertConfigMaps: s.rootCertConfigMaps.length });
    const fromDecoded = await loadDemoSnapshot({ now });
    rmSync(path.join(d, DECODED_DEMO_FILE)); // now read from the YAML, with the checks
    expect(strip(fromDecoded)).toBe(strip(await loadDemoSnapshot({ now })));
  });

  it('keeps the admission checks for a demo holding an object the API server would reject', async () => {
    const d = await decodedCopy(REJECTED);
    expect((await readDecodedDemo(d))?.admitted).toBe(false);
    vi.stubEnv('MESH_POSTURE_DEMO_DIR', d);
    const snapshot = await loadDemoSnapshot({ now: new Date(READ_AT) });
    expect(snapshot.issues).toContainEqual(expect.objectContaining({ object: 'PeerAuthentication/payments/lower-case', file: 'manifests/12-payments.yaml' }));
    expect(snapshot.peerAuthentications.map((p) => p.meta.name)).not.toContain('lower-case');
  });

  it('is not used once a manifest changed', async () => {
    const d = await decodedCopy();
    appendFileSync(path.join(d, 'manifests', '10-storefront.yaml'), '\n---\napiVersion: v1\nkind: Namespace\nmetadata: { name: added }\n');
    expect(await readDecodedDemo(d)).toBeNull();
  });

  it('is not used when absent or unreadable', async () => {
    const d = await decodedCopy();
    writeFileSync(path.join(d, DECODED_DEMO_FILE), '{"format":1,');
    expect(await readDecodedDemo(d)).toBeNull();
    rmSync(path.join(d, DECODED_DEMO_FILE));
    expect(await readDecodedDemo(d)).toBeNull();
  });
});
