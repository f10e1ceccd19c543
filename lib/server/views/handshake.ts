import 'server-only';
// Builds the handshake view of one connection (GET /api/v1/handshake?from=&to=&port=): the engine's can-i verdicts
// arranged as a handshake model, and its Mermaid sequence diagram.
import { OUTSIDE, parseHandshakeFilters, type HandshakeView } from '@/lib/api/views/handshake';
import { handshakeEndText, handshakeSequenceDiagram } from '@/lib/diagrams/handshake-sequence';
import { CanIQueryError, type CanIQuery, type PodRef } from '@/lib/mesh/can-i';
import { buildHandshake, type HandshakeAnswer } from '@/lib/mesh/handshake';
import type { PostureState } from '../posture-store';
import { ViewError } from '../view-errors';

// A Kubernetes namespace (DNS label) and a pod name (DNS subdomain).
const POD_REF = /^([a-z0-9](?:[-a-z0-9]*[a-z0-9])?)\/([a-z0-9](?:[-.a-z0-9]*[a-z0-9])?)$/;

const quoted = (value: string): string => JSON.stringify(value.slice(0, 80));

export function podRefParam(name: string, value: string): PodRef {
  const m = POD_REF.exec(value);
  if (!m || value.length > 317) throw new ViewError('bad-request', `${name}: expected NAMESPACE/POD, got ${quoted(value)}`);
  return { namespace: m[1]!, pod: m[2]! };
}

export function fromParam(value: string): PodRef | null {
  return value === OUTSIDE ? null : podRefParam('from', value);
}

export function portParam(value: string): number {
  const port = Number(value);
  if (!/^\d{1,5}$/.test(value) || port < 1 || port > 65535) throw new ViewError('bad-request', `port: expected a container port 1..65535, got ${quoted(value)}`);
  return port;
}

/** Runs the engine; a pod that is not in the source is not-found, any other query problem a bad request. */
export function answerConnection(query: CanIQuery, state: PostureState): HandshakeAnswer {
  try {
    return buildHandshake(query, state.computation.index);
  } catch (e) {
    if (e instanceof CanIQueryError) throw new ViewError(/is not in the source$/.test(e.message) ? 'not-found' : 'bad-request', e.message);
    throw e;
  }
}

export function buildHandshakeView(state: PostureState, params: URLSearchParams): HandshakeView {
  const filters = parseHandshakeFilters(params);
  if (!filters.to) throw new ViewError('bad-request', 'to: the server pod (NAMESPACE/POD) is required');
  if (!filters.port) throw new ViewError('bad-request', 'port: the container port is required');
  const to = podRefParam('to', filters.to);
  const port = portParam(filters.port);
  const from = fromParam(filters.from);
  // JWTs and certificates are judged at the time the posture was computed, like every other verdict on the page.
  const { handshake } = answerConnection({ from, to, port, now: state.computation.model.now }, state);
  return {
    query: { from: from ? `${from.namespace}/${from.pod}` : OUTSIDE, to: `${to.namespace}/${to.pod}`, port },
    handshake,
    diagram: handshakeSequenceDiagram(handshake),
    endText: handshakeEndText(handshake),
  };
}
