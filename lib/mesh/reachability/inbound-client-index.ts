// The clients of the mesh grouped once per posture into classes whose members every server judges alike, so a pod's
// "every client and whether it gets through" (inbound-clients.ts) asks checkConnection once per class and not once per
// pod of the mesh. Two clients are judged alike when they agree on everything checkConnection and
// rejectInvalidCertificates read of a client (istio-semantics §2.1–2.3, C-4):
//   - the namespace (which DestinationRules it sees: its own namespace first, and exportTo),
//   - the dataplane (what it sends: plaintext, Istio mTLS, HBONE),
//   - the DestinationRules of its namespace whose workloadSelector selects it (the only use of its labels),
//   - an expired or not-yet-valid certificate, with its validity period (it is named in the reason).
// The rows are grouped per client workload as before, so the workload name is part of a class too; classes of one
// verdict key share one verdict per server port.
import type { DestinationRule, Pod } from '@/lib/snapshot/types';
import type { EvaluatedWorkload } from '../evaluate-workloads';
import { workloadGroupName } from '../findings/workload-groups';
import { isSelectedBy } from '../labels';
import type { MeshIndex } from '../mesh-index';
import type { Dataplane } from '../model';

export interface ClientClass {
  readonly namespace: string;
  /** The client workload's name (workloadGroupName). */
  readonly workload: string;
  readonly dataplane: Dataplane;
  /** Members with the same key get the same verdict from any server port. */
  readonly verdictKey: string;
  /** A member to ask checkConnection with. */
  readonly representative: EvaluatedWorkload;
  /** Members of the class. */
  readonly pods: number;
  /** The two members that come first by name (the second stands in when the first is the server itself). */
  readonly first: Pod;
  readonly second: Pod | null;
  /** Positions in the clients list of the first two members (the order rows with equal sort keys keep). */
  readonly position: number;
  readonly secondPosition: number;
  /** The first member in list order (to tell when the server itself opens the class). */
  readonly opener: Pod;
  /** Rank of (namespace, workload) in the default collation (localeCompare's order); equal ranks collate equal. */
  readonly order: number;
}

export interface InboundClientIndex {
  /** In the order of their first member in the clients list. */
  readonly classes: readonly ClientClass[];
  readonly classOf: ReadonlyMap<Pod, ClientClass>;
}

const INVALID_CERTIFICATE_STATUSES: ReadonlySet<string> = new Set(['expired', 'not-yet-valid']);

/** The DestinationRules of the client's namespace that select it by workloadSelector, as their positions there. */
function selectingRules(pod: Pod, rules: readonly DestinationRule[] | undefined): string {
  if (!rules) return '';
  let out = '';
  for (let i = 0; i < rules.length; i++) {
    const selector = rules[i]!.workloadSelector;
    if (selector !== null && isSelectedBy(selector, pod.meta.labels)) out += `${i},`;
  }
  return out;
}

function certificateKey(w: EvaluatedWorkload): string {
  const cert = w.posture.certificate;
  return cert && INVALID_CERTIFICATE_STATUSES.has(cert.status) ? `${cert.status}|${cert.notBefore ?? ''}|${cert.notAfter ?? ''}` : '';
}

type MutableClass = { -readonly [K in keyof ClientClass]: ClientClass[K] };

/** Built once per posture: one pass over the clients. */
export function buildInboundClientIndex(clients: readonly EvaluatedWorkload[], index: MeshIndex): InboundClientIndex {
  const byKey = new Map<string, MutableClass>();
  const classOf = new Map<Pod, ClientClass>();
  clients.forEach((client, position) => {
    const namespace = client.pod.meta.namespace;
    const workload = workloadGroupName(client);
    const verdictKey = [namespace, client.dataplane, certificateKey(client), selectingRules(client.pod, index.destinationRulesByNamespace.get(namespace))].join('\u0000');
    const key = `${verdictKey}\u0000${workload}`;
    let c = byKey.get(key);
    if (!c) {
      c = { namespace, workload, dataplane: client.dataplane, verdictKey, representative: client, pods: 0, first: client.pod, second: null, position, secondPosition: -1, opener: client.pod, order: 0 };
      byKey.set(key, c);
    } else {
      if (c.pods === 1) c.secondPosition = position;
      // The first two by name; on equal names the earlier one stays first (as the scan kept its first example).
      const name = client.pod.meta.name;
      if (name < c.first.meta.name) {
        c.second = c.first;
        c.first = client.pod;
      } else if (c.second === null || name < c.second.meta.name) c.second = client.pod;
    }
    c.pods += 1;
    classOf.set(client.pod, c);
  });
  const classes = [...byKey.values()];
  rankByName(classes);
  return { classes, classOf };
}

/** Sets each class's `order`: its rank by namespace, then workload, in the default collation (one sort per posture). */
function rankByName(classes: MutableClass[]): void {
  const collate = new Intl.Collator().compare;
  const sorted = [...classes].sort((a, b) => collate(a.namespace, b.namespace) || collate(a.workload, b.workload));
  let rank = 0;
  sorted.forEach((c, i) => {
    const previous = sorted[i - 1];
    if (previous && (collate(previous.namespace, c.namespace) !== 0 || collate(previous.workload, c.workload) !== 0)) rank += 1;
    c.order = rank;
  });
}

/** A class as a server sees it: without the server itself (a pod is not its own client). */
export interface ClientsOfClass {
  readonly cls: ClientClass;
  readonly pods: number;
  readonly examplePod: string;
}

/** The classes in the order the server meets their first member, the server left out. */
export function clientsSeenBy(server: Pod, clientIndex: InboundClientIndex): ClientsOfClass[] {
  const own = clientIndex.classOf.get(server);
  const out: ClientsOfClass[] = [];
  let moved: ClientsOfClass | null = null;
  for (const cls of clientIndex.classes) {
    if (cls !== own) {
      out.push({ cls, pods: cls.pods, examplePod: cls.first.meta.name });
      continue;
    }
    if (cls.pods <= 1) continue;
    const example = (cls.first === server ? cls.second : cls.first)?.meta.name ?? '';
    const entry = { cls, pods: cls.pods - 1, examplePod: example };
    // Opened by the server itself: the class is met at its second member instead.
    if (cls.opener === server) moved = entry;
    else out.push(entry);
  }
  if (moved) {
    const at = moved.cls.secondPosition;
    let lo = 0;
    let hi = out.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (out[mid]!.cls.position < at) lo = mid + 1;
      else hi = mid;
    }
    out.splice(lo, 0, moved);
  }
  return out;
}
