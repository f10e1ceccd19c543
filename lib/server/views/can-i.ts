import 'server-only';
// Builds the Can I? view (GET /api/v1/can-i): validates the form, asks the engine (lib/mesh/can-i through the
// handshake builder) and returns the outcome, the deciding policies, the handshake diagram and the pickers.
import { MAX_PICKER_PODS, parseCanIFilters, type CanIAnswerDto, type CanIFilters, type CanIView } from '@/lib/api/views/can-i';
import { handshakeHref } from '@/lib/api/views/handshake';
import { handshakeEndText, handshakeSequenceDiagram } from '@/lib/diagrams/handshake-sequence';
import type { JwtPresented } from '@/lib/mesh/authz';
import type { CanIQuery } from '@/lib/mesh/can-i';
import type { PostureState } from '../posture-store';
import { ViewError } from '../view-errors';
import { answerConnection, fromParam, podRefParam, portParam } from './handshake';

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$/;

/** One 'name: value' per line; names are lower-cased as canI expects. */
export function parseHeaderLines(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [i, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (line === '') continue;
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon).trim() : '';
    if (!HEADER_NAME.test(name)) throw new ViewError('bad-request', `headers line ${i + 1}: expected 'name: value', got ${JSON.stringify(line.slice(0, 80))}`);
    out[name.toLowerCase()] = line.slice(colon + 1).trim();
  }
  return out;
}

export function parseJwt(filters: Pick<CanIFilters, 'jwt' | 'claims'>): JwtPresented {
  switch (filters.jwt) {
    case 'none':
      return { state: 'none' };
    case 'invalid':
      return { state: 'invalid' };
    case 'valid': {
      let parsed: unknown;
      try {
        parsed = JSON.parse(filters.claims);
      } catch {
        throw new ViewError('bad-request', 'claims: expected a JSON object of claims, e.g. {"iss":"https://issuer","sub":"alice"}');
      }
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new ViewError('bad-request', 'claims: expected a JSON object of claims');
      return { state: 'valid', claims: parsed as Record<string, unknown> };
    }
  }
}

function pickers(state: PostureState, to: string): Pick<CanIView, 'pods' | 'targetPorts'> {
  const workloads = state.computation.model.workloads;
  const names = workloads.map((w) => `${w.namespace}/${w.pod}`).sort();
  const target = workloads.find((w) => `${w.namespace}/${w.pod}` === to);
  return {
    pods: { names: names.slice(0, MAX_PICKER_PODS), omitted: Math.max(0, names.length - MAX_PICKER_PODS) },
    targetPorts: target ? Object.keys(target.mtls.ports).map(Number).sort((a, b) => a - b) : [],
  };
}

function answer(filters: CanIFilters, state: PostureState): CanIAnswerDto {
  const to = podRefParam('to', filters.to);
  const port = portParam(filters.port);
  const from = fromParam(filters.from);
  const query: CanIQuery = {
    from,
    to,
    port,
    now: state.computation.model.now,
    headers: parseHeaderLines(filters.headers),
    jwt: parseJwt(filters),
    ...(filters.method ? { method: filters.method.toUpperCase() } : {}),
    ...(filters.path ? { path: filters.path } : {}),
    ...(filters.host ? { host: filters.host } : {}),
  };
  const { result, handshake } = answerConnection(query, state);
  return {
    outcome: result.outcome,
    reason: result.reason,
    policies: result.policies,
    mtls: result.mtls,
    protocol: result.protocol,
    service: result.service,
    transport: result.connection.clientSends,
    serverMode: result.connection.serverMode,
    audited: result.authorization?.audited ?? [],
    handshake,
    diagram: handshakeSequenceDiagram(handshake),
    endText: handshakeEndText(handshake),
    handshakeHref: handshakeHref(from ? `${from.namespace}/${from.pod}` : null, `${to.namespace}/${to.pod}`, port),
  };
}

export function buildCanIView(state: PostureState, params: URLSearchParams): CanIView {
  const filters = parseCanIFilters(params);
  const asked = filters.to !== '' || filters.port !== '';
  return { ...pickers(state, filters.to), answer: asked ? answer(filters, state) : null };
}
