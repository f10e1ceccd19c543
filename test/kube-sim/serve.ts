// The simulator as a standalone process, for the dashboard's e2e tests and `npm run bench:reader`:
//   node bin/run-ts.mjs test/kube-sim/serve.ts --port 0 --manifests demo/manifests --kubeconfig-out /tmp/x/kubeconfig
//        [--forbid authorizationpolicies.security.istio.io[@namespace]]... [--bookmark-interval-ms N] [--context NAME]
//        [--envoy-pods]   (pods running istio-proxy answer pods/proxy and pods/portforward with a healthy certificate)
// Prints `KUBE_SIM_URL=<url>` once listening. Control API under /__sim/ (see control-api.ts). Stops on SIGINT/SIGTERM.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startKubeSim } from './index';
import { loadManifestObjects } from './manifests';
import { envoyPodsFor } from './envoy-pods';
import { parseForbid } from './forbid-spec';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '0' },
      manifests: { type: 'string', multiple: true, default: [] },
      'kubeconfig-out': { type: 'string' },
      forbid: { type: 'string', multiple: true, default: [] },
      'bookmark-interval-ms': { type: 'string', default: '60000' },
      context: { type: 'string', default: 'kube-sim' },
      'envoy-pods': { type: 'boolean', default: false },
    },
    strict: true,
  });
  const objects: unknown[] = [];
  for (const dir of values.manifests) {
    const loaded = await loadManifestObjects(dir);
    objects.push(...loaded.objects);
    for (const s of loaded.skipped) process.stderr.write(`kube-sim: ${dir}: skipped ${s}\n`);
  }
  const podSubresources = values['envoy-pods'] ? await envoyPodsFor(objects, new Date()) : undefined;
  const sim = await startKubeSim({
    objects,
    port: Number(values.port),
    bookmarkIntervalMs: Number(values['bookmark-interval-ms']),
    controlApi: true,
    ...(podSubresources ? { podSubresources } : {}),
  });
  for (const f of values.forbid) sim.faults.forbid(parseForbid(f));
  const out = values['kubeconfig-out'];
  if (out) {
    await mkdir(path.dirname(out), { recursive: true });
    await writeFile(out, sim.kubeconfig({ context: values.context }), { mode: 0o600 });
  }
  process.stdout.write(`KUBE_SIM_URL=${sim.url}\n`);
  const stop = () => void sim.stop().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  process.stderr.write(`kube-sim: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(2);
});
