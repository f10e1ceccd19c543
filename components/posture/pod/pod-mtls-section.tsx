// Effective mTLS per port, and the mesh → namespace → workload → port chain that decided it, with the policies the
// engine ignored and why (istio-semantics §1.3).
import type { MtlsChainStepDto, PodView } from '@/lib/api/views/pod';
import { CommandList } from './command-list';
import { modeClass } from './presentation';
import styles from './pod.module.css';

const LEVEL_TEXT: Readonly<Record<MtlsChainStepDto['level'], string>> = {
  default: 'Istio default',
  mesh: 'Mesh',
  namespace: 'Namespace',
  workload: 'Workload',
  port: 'Port',
};

function stepEffect(step: MtlsChainStepDto): string {
  if (step.level === 'default') return 'starting point';
  if (!step.applied) return step.mode === 'UNSET' ? 'UNSET: inherits' : 'no effect';
  return step.level === 'port' ? `sets port ${step.port ?? ''}` : 'sets the mode';
}

export function PodMtlsSection({ data }: { readonly data: PodView }) {
  const { mtls } = data;
  return (
    <section aria-labelledby="mtls-heading">
      <h2 id="mtls-heading">Effective mTLS</h2>
      {mtls.unknownReason && (
        <p role="alert" className="banner" data-testid="mtls-unknown">
          The mode is unknown: {mtls.unknownReason}
        </p>
      )}
      {mtls.ports.length === 0 ? (
        <p className="muted">The pod declares no container ports; the workload-level mode applies to any port it listens on.</p>
      ) : (
        <table className="data-table" aria-label="Effective mTLS per port" data-testid="port-modes">
          <thead>
            <tr>
              <th scope="col">Port</th>
              <th scope="col">Mode</th>
              <th scope="col">Accepts plaintext</th>
            </tr>
          </thead>
          <tbody>
            {mtls.ports.map((p) => (
              <tr key={p.port}>
                <th scope="row">{p.port}</th>
                <td className={modeClass(p.mode)}>{p.mode}</td>
                <td>{p.mode === 'STRICT' ? 'No' : p.mode === 'UNKNOWN' ? 'Unknown' : 'Yes'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>How it was decided</h3>
      <ol className={styles.chain} aria-label="PeerAuthentication chain" data-testid="mtls-chain">
        {mtls.chain.map((s, i) => (
          <li key={`${s.level}-${s.policy ?? ''}-${s.port ?? ''}-${i}`} className={s.applied ? undefined : styles.inert}>
            <strong>{LEVEL_TEXT[s.level]}</strong>
            {s.level === 'port' && s.port !== null ? ` ${s.port}` : ''}: <span className={modeClass(s.mode)}>{s.mode}</span>{' '}
            <span className="muted">
              ({s.policy ? `PeerAuthentication ${s.policy}` : 'no policy'}; {stepEffect(s)})
            </span>
          </li>
        ))}
      </ol>
      {mtls.ignored.length > 0 && (
        <>
          <h3>Ignored PeerAuthentications</h3>
          <ul data-testid="mtls-ignored">
            {mtls.ignored.map((i) => (
              <li key={i.policy}>
                <strong>{i.policy}</strong>: {i.reason}
              </li>
            ))}
          </ul>
        </>
      )}
      <CommandList commands={data.commands} section="mtls" />
    </section>
  );
}
