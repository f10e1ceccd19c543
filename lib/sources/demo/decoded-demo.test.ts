// The demo manifests decoded ahead of time must read exactly as the YAML does, and never when the YAML changed.
import { cpSync, mkdtempSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readManifests } from '../files/read-manifests';
import { DECODED_DEMO_FILE, demoManifestsDigest, encodeDecodedDemo, readDecodedDemo } from './decoded-demo';

const DEMO = path.resolve(__dirname, '../../../demo');
const READ_AT = '2026-12-01T00:00:00Z';
let dir: string;

/** A copy of the demo's manifests with their decoding written beside them, as `npm run build:cli` writes it. */
async function decodedCopy(): Promise<string> {
  dir = mkdtempSync(path.join(tmpdir(), 'decoded-demo-'));
  cpSync(path.join(DEMO, 'manifests'), path.join(dir, 'manifests'), { recursive: true });
  const reading = await readManifests(path.join(dir, 'manifests'), { readAt: READ_AT, displayRoot: dir });
  writeFileSync(path.join(dir, DECODED_DEMO_FILE), encodeDecodedDemo(reading, await demoManifestsDigest(dir)));
  return dir;
}

afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('readDecodedDemo', () => {
  it('gives the documents and issues that decoding the YAML gives', async () => {
    const d = await decodedCopy();
    const fromYaml = await readManifests(path.join(d, 'manifests'), { readAt: READ_AT, displayRoot: d });
    expect(await readDecodedDemo(d)).toEqual({ documents: fromYaml.documents, issues: fromYaml.issues });
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
