// A Kubernetes API server simulator for tests of the live cluster source: the real REST and watch protocol on
// loopback (discovery, list with selectors and pagination, get, watch with resourceVersion, replay and bookmarks,
// pod subresources) with faults on demand. See README.md "API simulator" for how faithful it is.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { handleControl } from './control-api';
import { FaultState } from './fault-state';
import { simKubeconfig } from './kubeconfig';
import { SimServer } from './server';
import { SimStore } from './store';
import type { KubeSim, KubeSimFaults, KubeSimOptions } from './types';

export type * from './types';

const TOKEN = 'kube-sim-token';

export async function startKubeSim(options: KubeSimOptions = {}): Promise<KubeSim> {
  const store = new SimStore(options.eventHistory ?? 1000);
  store.load(options.objects ?? []);
  const state = new FaultState();
  let sim: KubeSim | null = null;
  const server = new SimServer(store, state, {
    token: TOKEN,
    maxPageSize: options.maxPageSize ?? 500,
    bookmarkIntervalMs: options.bookmarkIntervalMs ?? 1000,
    ...(options.podSubresources ? { podSubresources: options.podSubresources } : {}),
    ...(options.controlApi ? { control: (req, res, url) => (sim ? handleControl(sim, req, res, url) : false) } : {}),
  });
  await server.listen(options.port ?? 0);

  const faults: KubeSimFaults = {
    forbid: (rule) => state.forbid(rule),
    allow: (rule) => state.allow(rule),
    absentGroup: (group) => {
      state.absentGroups.add(group);
      for (const w of server.sessions) if (w.group === group) w.end();
    },
    presentGroup: (group) => void state.absentGroups.delete(group),
    expireWatches: (mode) => {
      store.compact();
      if (mode === 'status') state.expiredAsStatusBelow = store.oldestReplayable;
      else for (const w of server.sessions) w.expire();
    },
    throttle: ({ requests, retryAfterSeconds }) => state.throttle(requests, retryAfterSeconds),
    dropStreams: () => {
      for (const w of server.sessions) w.drop();
    },
    silenceStreams: () => {
      for (const w of server.sessions) w.silence();
    },
    latency: (ms) => void (state.latencyMs = ms),
    down: () => server.down(),
    up: () => server.up(),
  };

  sim = {
    url: server.url,
    token: TOKEN,
    kubeconfig: (opts) => simKubeconfig(server.url, TOKEN, opts),
    async writeKubeconfig(dir) {
      const file = path.join(dir, 'kubeconfig');
      await writeFile(file, simKubeconfig(server.url, TOKEN), { mode: 0o600 });
      return file;
    },
    apply: (obj) => store.apply(obj),
    remove: (ref) => store.remove(ref),
    get resourceVersion() {
      return String(store.resourceVersion);
    },
    faults,
    get requests() {
      return server.log;
    },
    resetRequests: () => void (server.log.length = 0),
    stop: () => server.stop(),
  };
  return sim;
}
