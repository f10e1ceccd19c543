// The public surface of the Kubernetes API simulator (CONTRACT-cluster.md). Kept apart from index.ts so the
// simulator's own modules can import these types without importing the server.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';

export interface KubeSimOptions {
  /** Port to listen on (default 0: any free port). */
  port?: number;
  /** Raw Kubernetes objects (apiVersion/kind/metadata...) served at start. */
  objects?: readonly unknown[];
  /** Server-side cap on `limit` (default 500). */
  maxPageSize?: number;
  /** Watch events kept for replay; an older resourceVersion is answered 410 Expired (default 1000). */
  eventHistory?: number;
  /** How often open watches that asked for bookmarks get one (default 1000). */
  bookmarkIntervalMs?: number;
  /** Answers pods/proxy and pods/portforward (CERTS: envoy-pod-responder.ts). Without one those paths 404. */
  podSubresources?: PodSubresourceHandler;
  /** Serve the loopback control API under /__sim/ (serve.ts turns it on). */
  controlApi?: boolean;
}

export interface PodProxyTarget {
  namespace: string;
  pod: string;
  port: number | null;
  /** Path after `/proxy`, starting with `/`, with the request's query string appended if it had one. */
  path: string;
}

export interface PodPortForwardTarget {
  namespace: string;
  pod: string;
  ports: number[];
}

/**
 * Called only after the simulator has authenticated the request, applied faults (forbid on `pods/proxy` or
 * `pods/portforward`, throttle, latency) and checked that the pod exists.
 */
export interface PodSubresourceHandler {
  /** GET /api/v1/namespaces/{ns}/pods/{name}:{port}/proxy/{path} (also `{name}/proxy` without port). */
  proxy(req: IncomingMessage, res: ServerResponse, target: PodProxyTarget): void;
  /** GET (WebSocket upgrade) /api/v1/namespaces/{ns}/pods/{name}/portforward?ports=N (v4.channel.k8s.io). */
  portForward(req: IncomingMessage, socket: Duplex, head: Buffer, target: PodPortForwardTarget): void;
}

export type SimVerb = 'list' | 'watch' | 'get';

export interface ForbidRule {
  /** API group ('' for core); omitted: any group. */
  group?: string;
  /** Plural resource name, or a pod subresource: `pods/proxy`, `pods/portforward`. */
  resource: string;
  /**
   * Omitted: every namespace and cluster-wide. Given: requests in that namespace AND cluster-wide requests are
   * forbidden, as with real RBAC (a cluster-scope grant cannot exclude one namespace).
   */
  namespace?: string;
  /** Omitted: all verbs. */
  verbs?: SimVerb[];
}

export interface KubeSimFaults {
  /** Matching requests are answered 403 with a Forbidden Status. */
  forbid(rule: ForbidRule): void;
  /** Lifts the forbids matching every field given (all forbids if no argument). */
  allow(rule?: { group?: string; resource?: string; namespace?: string }): void;
  /** CRD group not served: discovery omits it, its paths 404, its open watches end. */
  absentGroup(group: string): void;
  /** Undo absentGroup (the CRDs were installed again). */
  presentGroup(group: string): void;
  /**
   * Compacts the event history (every resourceVersion handed out so far becomes too old; a fresh list is fine),
   * then: 'event': open watches get an ERROR event with a 410 Status and end (a watch resuming from an old
   * resourceVersion also gets that ERROR event, as from the real watch cache); 'status': any watch or list
   * presenting a resourceVersion or continue token from before this call is answered HTTP 410 Expired.
   */
  expireWatches(mode: 'event' | 'status'): void;
  /** The next N requests are answered 429 TooManyRequests with Retry-After. */
  throttle(opts: { requests: number; retryAfterSeconds: number }): void;
  /** Closes all open watch streams abruptly (socket destroyed, no final chunk). */
  dropStreams(): void;
  /** Keeps open watch streams open but never writes to them again (no events, no bookmarks). */
  silenceStreams(): void;
  /** Delays every response by this many ms (0 to stop). */
  latency(ms: number): void;
  /** Refuses connections: closes the listener and destroys every socket. */
  down(): void;
  /** Listens again on the same port, with the same state. */
  up(): Promise<void>;
}

export interface SimRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly status: number;
  readonly watch: boolean;
  /** Epoch milliseconds when the request arrived. */
  readonly at: number;
}

export interface ObjectRef {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

export interface KubeSim {
  /** http://127.0.0.1:<port> */
  readonly url: string;
  /** The bearer token every API request must carry (the kubeconfig's user has it). */
  readonly token: string;
  /** Kubeconfig YAML: insecure-skip-tls-verify, token user. */
  kubeconfig(opts?: { context?: string; namespace?: string }): string;
  /** Writes `kubeconfig` into dir and returns the file path. */
  writeKubeconfig(dir: string): Promise<string>;
  /** Create or update: bumps the resourceVersion and emits ADDED/MODIFIED. Throws on an unserved kind. */
  apply(obj: unknown): void;
  /** Deletes: emits DELETED. Unknown objects are ignored. */
  remove(ref: ObjectRef): void;
  /** The latest resourceVersion (the global counter). */
  readonly resourceVersion: string;
  readonly faults: KubeSimFaults;
  readonly requests: readonly SimRequest[];
  resetRequests(): void;
  stop(): Promise<void>;
}
