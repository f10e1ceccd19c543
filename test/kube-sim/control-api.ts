// The loopback control API of the standalone simulator (serve.ts): lets e2e tests and benchmarks in another
// process change objects and switch faults. Only POST (and GET /__sim/requests); it bypasses auth and faults.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KubeSim, SimVerb } from './types';

const MAX_BODY = 64 * 1024 * 1024;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) reject(new Error('body too large'));
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function reply(res: ServerResponse, code: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(code, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function optional(q: URLSearchParams, name: string): string | undefined {
  return q.get(name) ?? undefined;
}

async function run(sim: KubeSim, req: IncomingMessage, url: URL): Promise<unknown> {
  const q = url.searchParams;
  const action = url.pathname.slice('/__sim/'.length);
  if (action === 'requests' && req.method === 'GET') return sim.requests;
  if (req.method !== 'POST') throw new Error('control actions are POST');
  switch (action) {
    case 'down': {
      const forMs = Number(q.get('forMs') ?? '0');
      // Answer first: once the listener is down this connection is gone too.
      setTimeout(() => {
        sim.faults.down();
        if (forMs > 0) setTimeout(() => void sim.faults.up(), forMs);
      }, 10);
      return { down: true, forMs };
    }
    case 'forbid': {
      const resource = q.get('resource');
      if (!resource) throw new Error('forbid needs ?resource=');
      const verbs = q.get('verbs')?.split(',') as SimVerb[] | undefined;
      sim.faults.forbid({ resource, group: optional(q, 'group'), namespace: optional(q, 'namespace'), ...(verbs ? { verbs } : {}) });
      return { ok: true };
    }
    case 'allow':
      sim.faults.allow(q.size === 0 ? undefined : { group: optional(q, 'group'), resource: optional(q, 'resource'), namespace: optional(q, 'namespace') });
      return { ok: true };
    case 'apply': {
      const body = JSON.parse(await readBody(req)) as unknown;
      for (const obj of Array.isArray(body) ? body : [body]) sim.apply(obj);
      return { resourceVersion: sim.resourceVersion };
    }
    case 'remove': {
      const ref = JSON.parse(await readBody(req)) as Parameters<KubeSim['remove']>[0];
      sim.remove(ref);
      return { resourceVersion: sim.resourceVersion };
    }
    case 'absent-group':
      sim.faults.absentGroup(q.get('group') ?? '');
      return { ok: true };
    case 'present-group':
      sim.faults.presentGroup(q.get('group') ?? '');
      return { ok: true };
    case 'expire':
      sim.faults.expireWatches(q.get('mode') === 'status' ? 'status' : 'event');
      return { ok: true };
    case 'throttle':
      sim.faults.throttle({ requests: Number(q.get('requests') ?? '1'), retryAfterSeconds: Number(q.get('retryAfterSeconds') ?? '1') });
      return { ok: true };
    case 'drop-streams':
      sim.faults.dropStreams();
      return { ok: true };
    case 'silence-streams':
      sim.faults.silenceStreams();
      return { ok: true };
    case 'latency':
      sim.faults.latency(Number(q.get('ms') ?? '0'));
      return { ok: true };
    case 'reset-requests':
      sim.resetRequests();
      return { ok: true };
    default:
      throw new Error(`unknown control action ${JSON.stringify(action)}`);
  }
}

export function handleControl(sim: KubeSim, req: IncomingMessage, res: ServerResponse, url: URL): boolean {
  run(sim, req, url).then(
    (body) => reply(res, 200, body),
    (e: unknown) => reply(res, 400, { error: e instanceof Error ? e.message : String(e) }),
  );
  return true;
}
