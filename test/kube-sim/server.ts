// The HTTP side of the simulator: authentication, faults, routing to discovery/list/get/watch and to the pod
// subresource handler, the request log, and a listener that can go away and come back on the same port.
import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { FaultState, RequestScope } from './fault-state';
import { decodeContinue, inconsistentContinue, serveGet, serveList } from './list';
import { apiGroupDocument, apiGroupListDocument, apiResourceListDocument, apiVersionsDocument, findResourceByPath, type SimResource } from './resources';
import { route, type Route } from './routes';
import { parseFieldSelector, parseLabelSelector, SelectorError, type Selector } from './selectors';
import type { SimStore } from './store';
import * as status from './status';
import type { PodSubresourceHandler, SimRequest, SimVerb } from './types';
import { WatchSession } from './watch';

export const SIM_USER = 'system:serviceaccount:mesh-posture:mesh-posture';

export interface SimServerOptions {
  readonly token: string;
  readonly maxPageSize: number;
  readonly bookmarkIntervalMs: number;
  readonly podSubresources?: PodSubresourceHandler;
  /** Handles /__sim/ requests; return false to fall through. */
  readonly control?: (req: IncomingMessage, res: ServerResponse, url: URL) => boolean;
}

type MutableRequest = { -readonly [K in keyof SimRequest]: SimRequest[K] };

/** Pre-handler outcome: null to proceed, or the Status (and headers) to answer with. */
type Gate = { body: status.StatusBody; headers?: Record<string, string> } | null;

function isWatch(url: URL): boolean {
  const w = url.searchParams.get('watch');
  return w === '1' || w === 'true';
}

export class SimServer {
  readonly log: MutableRequest[] = [];
  readonly sessions = new Set<WatchSession>();
  private readonly http: Server;
  private readonly sockets = new Set<Socket>();
  private port = 0;
  private listening = false;
  private closing: Promise<void> = Promise.resolve();

  constructor(
    private readonly store: SimStore,
    private readonly faults: FaultState,
    private readonly opts: SimServerOptions,
  ) {
    // A bug in the simulator answers 500 InternalError (as the real server does for a panic) instead of crashing the test run.
    this.http = createServer((req, res) => this.handle(req, res).catch((e: unknown) => internalError(res, e)));
    this.http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => this.handleUpgrade(req, socket, head).catch(() => socket.destroy()));
    this.http.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async listen(port: number): Promise<void> {
    await this.closing;
    if (this.listening) return;
    await new Promise<void>((resolve, reject) => {
      this.http.once('error', reject);
      this.http.listen(port, '127.0.0.1', () => {
        this.http.off('error', reject);
        resolve();
      });
    });
    const address = this.http.address();
    if (address && typeof address === 'object') this.port = address.port;
    this.listening = true;
  }

  up(): Promise<void> {
    return this.listen(this.port);
  }

  down(): void {
    if (!this.listening) return;
    this.listening = false;
    this.closing = new Promise((resolve) => this.http.close(() => resolve()));
    for (const s of this.sockets) s.destroy();
    for (const w of this.sessions) w.drop();
  }

  async stop(): Promise<void> {
    this.down();
    await this.closing;
  }

  private record(req: IncomingMessage, url: URL): MutableRequest {
    const entry: MutableRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      status: 0,
      watch: isWatch(url),
      at: Date.now(),
    };
    this.log.push(entry);
    return entry;
  }

  private async delay(): Promise<void> {
    if (this.faults.latencyMs > 0) await new Promise((r) => setTimeout(r, this.faults.latencyMs));
  }

  /** Authentication, then priority-and-fairness throttling, as the real filter chain orders them. */
  private admit(req: IncomingMessage): Gate {
    if (req.headers.authorization !== `Bearer ${this.opts.token}`) return { body: status.unauthorized() };
    const retryAfter = this.faults.takeThrottle();
    if (retryAfter !== null) return { body: status.tooManyRequests(retryAfter), headers: { 'Retry-After': String(retryAfter) } };
    return null;
  }

  private authorize(scope: RequestScope): Gate {
    return this.faults.isForbidden(scope) ? { body: status.forbidden(scope, SIM_USER) } : null;
  }

  private isAbsent(r: Route): boolean {
    const group = r.type === 'group' || r.type === 'groupVersion' || r.type === 'resource' || r.type === 'notFound' ? r.group : null;
    return group !== null && group !== '' && this.faults.absentGroups.has(group);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sim.invalid');
    if (url.pathname.startsWith('/__sim/') && this.opts.control?.(req, res, url)) return;
    const entry = this.record(req, url);
    res.on('finish', () => (entry.status = res.statusCode));
    await this.delay();
    if (!this.listening) return void res.socket?.destroy();
    const gate = this.admit(req);
    if (gate) return status.writeStatus(res, gate.body, gate.headers);
    const r = route(url.pathname);
    if (this.isAbsent(r)) return status.writeStatus(res, status.pathNotFound());
    if (req.method !== 'GET') return status.writeStatus(res, writeForbidden(req.method ?? '', r));
    try {
      this.serve(req, res, url, r, entry);
    } catch (e) {
      if (e instanceof SelectorError) return status.writeStatus(res, status.badRequest(e.message));
      throw e;
    }
  }

  private serve(req: IncomingMessage, res: ServerResponse, url: URL, r: Route, entry: MutableRequest): void {
    const absent = this.faults.absentGroups;
    const doc = (body: unknown) => (body === null ? status.writeStatus(res, status.pathNotFound()) : status.writeJson(res, 200, body));
    switch (r.type) {
      case 'version':
        return doc({ major: '1', minor: '33', gitVersion: 'v1.33.0-kube-sim', platform: 'linux/amd64' });
      case 'api':
        return doc(apiVersionsDocument(this.url.replace('http://', '')));
      case 'apis':
        return doc(apiGroupListDocument(absent));
      case 'group':
        return doc(apiGroupDocument(r.group, absent));
      case 'groupVersion':
        return doc(apiResourceListDocument(r.group, r.version, absent));
      case 'notFound':
        return doc(null);
      case 'podPortForward':
        return status.writeStatus(res, status.badRequest('Upgrade request required'));
      case 'podProxy': {
        const gate = this.authorize({ group: '', resource: 'pods/proxy', namespace: r.namespace, verb: 'get', name: r.pod });
        if (gate) return status.writeStatus(res, gate.body);
        const handler = this.opts.podSubresources;
        if (!this.store.get(podResource(), r.namespace, r.pod)) return status.writeStatus(res, status.notFound('pods', '', r.pod));
        if (!handler) return doc(null);
        return handler.proxy(req, res, { namespace: r.namespace, pod: r.pod, port: r.port, path: `${r.path}${url.search}` });
      }
      case 'resource':
        return this.serveResource(res, url, r, entry);
    }
  }

  private serveResource(res: ServerResponse, url: URL, r: Extract<Route, { type: 'resource' }>, entry: MutableRequest): void {
    const q = url.searchParams;
    const verb: SimVerb = r.name !== null ? 'get' : entry.watch ? 'watch' : 'list';
    const gate = this.authorize({ group: r.group, resource: r.resource.plural, namespace: r.namespace, verb, name: r.name });
    if (gate) return status.writeStatus(res, gate.body);
    if (r.name !== null) return serveGet(res, this.store, r.resource, r.version, r.namespace, r.name);
    const labels = parseLabelSelector(q.get('labelSelector'));
    const fields = parseFieldSelector(q.get('fieldSelector'), r.resource.plural);
    const selector: Selector = (o) => labels(o) && fields(o);
    const rv = q.get('resourceVersion') ?? '';
    const token = q.get('continue');
    if (this.expiredAsStatus(rv, token)) {
      return status.writeStatus(res, token ? status.continueExpired(inconsistentContinue(token)) : status.tooOldResourceVersion(rv, this.store.oldestReplayable));
    }
    if (verb === 'list') {
      const hasSelector = Boolean(q.get('labelSelector') || q.get('fieldSelector'));
      return serveList(res, this.store, r.resource, r.version, { namespace: r.namespace, selector, hasSelector, limit: q.get('limit'), continueToken: token }, this.opts.maxPageSize);
    }
    if (rv !== '' && !/^\d+$/.test(rv)) return status.writeStatus(res, status.badRequest(`resourceVersion: Invalid value: "${rv}": must be a non-negative integer`));
    const timeout = q.get('timeoutSeconds') ?? '';
    const bookmarks = q.get('allowWatchBookmarks');
    const options = {
      resource: r.resource,
      version: r.version,
      namespace: r.namespace,
      selector,
      bookmarks: bookmarks === 'true' || bookmarks === '1',
      bookmarkIntervalMs: this.opts.bookmarkIntervalMs,
      timeoutSeconds: /^\d+$/.test(timeout) && Number(timeout) > 0 ? Number(timeout) : null,
    };
    const session = new WatchSession(res, this.store, options, (w) => this.sessions.delete(w));
    this.sessions.add(session);
    entry.status = 200;
    session.start(rv);
  }

  /** expireWatches('status'): a resourceVersion or continue token from before it is answered HTTP 410. */
  private expiredAsStatus(rv: string, continueToken: string | null): boolean {
    const below = this.faults.expiredAsStatusBelow;
    if (below === 0) return false;
    if (continueToken !== null) {
      const key = decodeContinue(continueToken);
      return key !== null && key.rv >= 0 && key.rv < below;
    }
    return /^\d+$/.test(rv) && rv !== '0' && Number(rv) < below;
  }

  private async handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://sim.invalid');
    const entry = this.record(req, url);
    const refuse = (body: status.StatusBody, headers: Record<string, string> = {}) => {
      entry.status = body.code;
      const text = JSON.stringify(body);
      const extra = Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('');
      socket.end(`HTTP/1.1 ${body.code} ${STATUS_CODES[body.code] ?? ''}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(text)}\r\n${extra}Connection: close\r\n\r\n${text}`);
    };
    await this.delay();
    if (!this.listening) return void socket.destroy();
    const gate = this.admit(req);
    if (gate) return refuse(gate.body, gate.headers);
    const r = route(url.pathname);
    if (r.type !== 'podPortForward') return refuse(status.pathNotFound());
    const forbidden = this.authorize({ group: '', resource: 'pods/portforward', namespace: r.namespace, verb: 'get', name: r.pod });
    if (forbidden) return refuse(forbidden.body);
    if (!this.store.get(podResource(), r.namespace, r.pod)) return refuse(status.notFound('pods', '', r.pod));
    const ports = url.searchParams.getAll('ports').flatMap((p) => p.split(','));
    if (ports.length === 0 || ports.some((p) => !/^\d{1,5}$/.test(p) || Number(p) < 1 || Number(p) > 65535)) {
      return refuse(status.badRequest('at least one valid port number must be specified (ports)'));
    }
    if (!this.opts.podSubresources) return refuse(status.pathNotFound());
    entry.status = 101;
    this.opts.podSubresources.portForward(req, socket, head, { namespace: r.namespace, pod: r.pod, ports: ports.map(Number) });
  }
}

function internalError(res: ServerResponse, e: unknown): void {
  if (res.headersSent) return void res.destroy();
  status.writeStatus(res, status.internalError(e instanceof Error ? e.message : String(e)));
}

const WRITE_VERBS: Readonly<Record<string, string>> = { POST: 'create', PUT: 'update', PATCH: 'patch', DELETE: 'delete' };

/** The product's RBAC is read-only, so the real server would refuse any write with 403. */
function writeForbidden(method: string, r: Route): status.StatusBody {
  const verb = WRITE_VERBS[method] ?? method.toLowerCase();
  if (r.type === 'resource') return status.forbidden({ verb, resource: r.resource.plural, group: r.group, namespace: r.namespace, name: r.name }, SIM_USER);
  if (r.type === 'podProxy' || r.type === 'podPortForward') {
    const resource = r.type === 'podProxy' ? 'pods/proxy' : 'pods/portforward';
    return status.forbidden({ verb, resource, group: '', namespace: r.namespace, name: r.pod }, SIM_USER);
  }
  return status.forbidden({ verb, resource: 'nonresource', group: '', namespace: null }, SIM_USER);
}

function podResource(): SimResource {
  return findResourceByPath('', 'v1', 'pods')!;
}
