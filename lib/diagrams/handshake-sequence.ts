// Mermaid sequence diagram of one connection's handshake (view 7) from the typed model in lib/mesh/handshake.
// Participant ids are generated; every label and message goes through mermaidLabel.
import { HANDSHAKE_ROLES, type HandshakeModel, type HandshakeParty, type HandshakeRole, type HandshakeStep, type ProxyKind } from '@/lib/mesh/handshake/model';
import { MermaidIds, mermaidLabel } from './mermaid-text';

const PROXY_TITLE: Readonly<Record<Exclude<ProxyKind, 'none'>, string>> = { sidecar: 'sidecar of', ztunnel: 'ztunnel for', gateway: 'gateway', waypoint: 'waypoint' };

function podName(party: HandshakeParty): string {
  return party.namespace !== null && party.pod !== null ? `${party.namespace}/${party.pod}` : 'outside the mesh';
}

function participantTitle(role: HandshakeRole, model: HandshakeModel): string {
  switch (role) {
    case 'client-app':
      return `client ${podName(model.client)}`;
    case 'client-proxy':
      return model.client.proxy === 'none' ? 'no proxy' : `${PROXY_TITLE[model.client.proxy]} ${podName(model.client)}`;
    case 'istiod':
      return 'istiod (CA)';
    case 'spire':
      return 'SPIRE server (CA)';
    case 'waypoint':
      return model.waypoint ? `waypoint ${podName(model.waypoint)}` : 'waypoint';
    case 'server-proxy':
      return model.server.proxy === 'none' ? 'no proxy' : `${PROXY_TITLE[model.server.proxy]} ${podName(model.server)}`;
    case 'server-app':
      return `server ${podName(model.server)} port ${model.port}`;
  }
}

/** Solid for requests, dashed for replies; a cross head where the step fails. */
function arrow(step: HandshakeStep): string {
  if (step.status === 'failed') return step.reply ? '--x' : '-x';
  return step.reply ? '-->>' : '->>';
}

const STATUS_PREFIX = { ok: '', info: '', failed: '', unknown: 'UNKNOWN ' } as const;

/** The outcome line at the end of the diagram, in words (colour never carries it alone). */
export function handshakeEndText(model: HandshakeModel): string {
  switch (model.end.response) {
    case 'delivered':
      return `${model.outcome === 'allowed' ? 'ALLOWED' : model.outcome.toUpperCase()}: delivered to the application${model.mtls ? ' over mTLS' : ' without mTLS'}`;
    case 'reset':
      return `${model.outcome.toUpperCase()}: connection reset at the ${model.end.at} step`;
    case 'handshake-failure':
      return `${model.outcome.toUpperCase()}: the TLS handshake fails`;
    case 'http-401':
      return 'UNAUTHENTICATED: HTTP 401 from the JWT check';
    case 'http-403':
      return 'DENIED: HTTP 403 from the authorization check';
    case 'unknown':
      return `UNKNOWN at the ${model.end.at} step: the data that decides it could not be read`;
  }
}

export function handshakeSequenceDiagram(model: HandshakeModel): string {
  const used = new Set<HandshakeRole>(['client-app', 'server-app']);
  for (const s of model.steps) {
    used.add(s.from);
    used.add(s.to);
  }
  const roles = HANDSHAKE_ROLES.filter((r) => used.has(r));
  const ids = new MermaidIds('p');
  // Drawn at its natural size (the figure scrolls sideways): scaled to the page width, identities and serials
  // would be too small to read. The front matter is ours; no cluster string reaches it.
  const lines = ['---', 'config:', '  sequence:', '    useMaxWidth: false', '---', 'sequenceDiagram', '  autonumber'];
  for (const role of roles) lines.push(`  participant ${ids.idFor(role)} as ${mermaidLabel(participantTitle(role, model))}`);
  for (const step of model.steps) {
    lines.push(`  ${ids.idFor(step.from)}${arrow(step)}${ids.idFor(step.to)}: ${mermaidLabel(`${STATUS_PREFIX[step.status]}${step.text}`)}`);
  }
  const first = ids.idFor(roles[0] ?? 'client-app');
  const last = ids.idFor(roles[roles.length - 1] ?? 'server-app');
  lines.push(`  Note over ${first},${last}: ${mermaidLabel(handshakeEndText(model))}`);
  return `${lines.join('\n')}\n`;
}
