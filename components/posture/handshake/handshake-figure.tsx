// One connection's handshake: the outcome in words, the parties' identities and certificates, the Mermaid
// sequence diagram (text built and escaped on the server), and the same steps as an ordered list, which is the
// text alternative of the diagram and what a reader without JavaScript sees.
import type { HandshakeDto } from '@/lib/api/views/handshake';
import { MermaidDiagram } from '@/components/charts/mermaid-diagram';
import styles from './handshake.module.css';

type Role = HandshakeDto['steps'][number]['from'];
type Party = HandshakeDto['client'];

const ROLE_NAME: Readonly<Record<Role, string>> = {
  'client-app': 'client',
  'client-proxy': 'client proxy',
  istiod: 'istiod',
  spire: 'SPIRE',
  waypoint: 'waypoint',
  'server-proxy': 'server proxy',
  'server-app': 'server',
};

const STATUS_WORD: Readonly<Record<HandshakeDto['steps'][number]['status'], string>> = { ok: 'ok', failed: 'fails', unknown: 'unknown', info: '' };
const STATUS_CLASS: Readonly<Record<HandshakeDto['steps'][number]['status'], string>> = { ok: 'state-passed', failed: 'state-failed', unknown: 'state-unknown', info: '' };

const OUTCOME_CLASS: Readonly<Record<HandshakeDto['outcome'], string>> = {
  allowed: 'state-passed',
  denied: 'state-failed',
  unauthenticated: 'state-failed',
  'connection-failed': 'state-failed',
  unknown: 'state-unknown',
};

export function outcomeClass(outcome: HandshakeDto['outcome']): string {
  return OUTCOME_CLASS[outcome];
}

const PROXY_TEXT: Readonly<Record<Party['proxy'], string>> = { sidecar: 'sidecar', ztunnel: 'ambient (ztunnel)', gateway: 'gateway proxy', waypoint: 'ambient waypoint', none: 'no dataplane' };

function partyName(p: Party): string {
  return p.namespace !== null && p.pod !== null ? `${p.namespace}/${p.pod}` : 'outside the mesh';
}

function PartyCard({ title, party, testId }: { readonly title: string; readonly party: Party; readonly testId: string }) {
  return (
    <div className="card" data-testid={testId}>
      <dt>{title}</dt>
      <dd className="card-text">
        <strong>{partyName(party)}</strong>
        <br />
        {PROXY_TEXT[party.proxy]}
        {party.spiffeId && (
          <>
            <br />
            <code>{party.spiffeId}</code>
          </>
        )}
        {party.issuer && (
          <>
            <br />
            certificate from {party.issuer === 'spire' ? 'SPIRE' : 'istiod'}, serial {party.serial ?? 'not read'}
            {party.notAfter ? `, not after ${party.notAfter}` : ''}
          </>
        )}
      </dd>
    </div>
  );
}

export function HandshakeFigure({ handshake, diagram, endText }: { readonly handshake: HandshakeDto; readonly diagram: string; readonly endText: string }) {
  const title = `Handshake from ${partyName(handshake.client)} to ${partyName(handshake.server)} port ${handshake.port}`;
  return (
    <section aria-label="Handshake" className={styles.handshake}>
      <p data-testid="handshake-outcome" className={`${styles.outcome} ${outcomeClass(handshake.outcome)}`}>
        {endText}
      </p>
      <dl className={`summary ${styles.parties}`}>
        <PartyCard title="Client" party={handshake.client} testId="handshake-client" />
        {handshake.waypoint && <PartyCard title="Through waypoint" party={handshake.waypoint} testId="handshake-waypoint" />}
        <PartyCard title="Server" party={handshake.server} testId="handshake-server" />
        <div className="card">
          <dt>Transport</dt>
          <dd className="card-text" data-testid="handshake-transport">
            {handshake.transport}
            {handshake.mtls ? ' (mTLS)' : ' (no mTLS)'}; server mode {handshake.serverMode}; {handshake.protocol.toUpperCase()}
            <br />
            {handshake.service ? `via Service ${handshake.service} port ${handshake.servicePort ?? '?'}` : 'pod IP dialled (no Service)'}
            {handshake.sni && (
              <>
                <br />
                SNI <code data-testid="handshake-sni">{handshake.sni}</code>
              </>
            )}
          </dd>
        </div>
      </dl>
      <MermaidDiagram text={diagram} title={title} testId="handshake-diagram" />
      <h3>Steps</h3>
      <ol className={styles.steps} data-testid="handshake-steps">
        {handshake.steps.map((s, i) => (
          <li key={i} data-kind={s.kind} data-status={s.status}>
            {ROLE_NAME[s.from]}
            {s.from === s.to ? '' : ` → ${ROLE_NAME[s.to]}`}: {s.text}
            {STATUS_WORD[s.status] && <span className={STATUS_CLASS[s.status]}> ({STATUS_WORD[s.status]})</span>}
            {s.detail && <span className="muted"> — {s.detail}</span>}
          </li>
        ))}
      </ol>
      {handshake.notes.length > 0 && (
        <>
          <h3>Notes</h3>
          <ul data-testid="handshake-notes">
            {handshake.notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
