// Writes demo/manifests.decoded.json (lib/sources/demo/decoded-demo.ts): the demo manifests decoded ahead of time.
// Run by scripts/build-cli.mjs; usage: write-decoded-demo.ts DEMO_DIR
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { DECODED_DEMO_FILE, demoManifestsDigest, encodeDecodedDemo } from '@/lib/sources/demo/decoded-demo';
import { readManifests } from '@/lib/sources/files/read-manifests';

const dir = path.resolve(process.argv[2] ?? 'demo');
// readAt dates only ProxyCertificates documents, which encodeDecodedDemo refuses: any value will do.
const reading = await readManifests(path.join(dir, 'manifests'), { readAt: '1970-01-01T00:00:00Z', displayRoot: dir });
writeFileSync(path.join(dir, DECODED_DEMO_FILE), encodeDecodedDemo(reading, await demoManifestsDigest(dir)));
process.stderr.write(`demo manifests decoded: ${reading.documents.length} objects, ${reading.issues.length} issues in ${path.relative(process.cwd(), path.join(dir, DECODED_DEMO_FILE))}\n`);
