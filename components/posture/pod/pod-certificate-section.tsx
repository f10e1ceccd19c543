// The workload certificate the proxy holds, its issuer chain and roots, and how long it has left.
import type { PodView } from '@/lib/api/views/pod';
import { CommandList } from './command-list';
import styles from './pod.module.css';
import { CERT_STATUS_CLASS, formatRemaining } from './presentation';

export function PodCertificateSection({ data }: { readonly data: PodView }) {
  const cert = data.certificate;
  return (
    <section aria-labelledby="certificate-heading">
      <h2 id="certificate-heading">Certificate</h2>
      {!cert ? (
        <p className="muted" data-testid="certificate-none">
          {data.dataplane === 'none' ? 'No dataplane, so no workload certificate.' : 'No certificate data for this pod.'}
        </p>
      ) : (
        <>
          <dl className="summary" data-testid="certificate">
            <div className="card">
              <dt>Status</dt>
              <dd className={CERT_STATUS_CLASS[cert.status]} data-testid="certificate-status">
                {cert.status}
              </dd>
            </div>
            <div className="card">
              <dt>Remaining</dt>
              <dd className={`card-text ${styles.wrap}`}>{formatRemaining(cert.remainingSeconds)}</dd>
            </div>
            <div className="card">
              <dt>Not after</dt>
              <dd className={`card-text ${styles.wrap}`}>{cert.notAfter ? <time dateTime={cert.notAfter}>{cert.notAfter}</time> : 'unknown'}</dd>
            </div>
            <div className="card">
              <dt>Serial</dt>
              <dd className={`card-text ${styles.wrap}`}>
                <code>{cert.serial ?? 'unknown'}</code>
              </dd>
            </div>
            <div className="card">
              <dt>SPIFFE ID in the certificate</dt>
              <dd className={`card-text ${styles.wrap}`}>{cert.spiffeId ?? 'unknown'}</dd>
            </div>
            <div className="card">
              <dt>Read from</dt>
              <dd className={`card-text ${styles.wrap}`}>
                {cert.origin ?? 'unknown'}
                {cert.asOf ? ` at ${cert.asOf}` : ''}
              </dd>
            </div>
          </dl>
          {cert.trustDomainMismatch && (
            <p role="alert" className="banner">
              The certificate&apos;s trust domain ({cert.trustDomain ?? 'unknown'}) is not the mesh&apos;s ({data.trustDomain}).
            </p>
          )}
          {cert.notes.length > 0 && (
            <ul data-testid="certificate-notes">
              {cert.notes.map((n) => (
                <li key={n}>{n}</li>
              ))}
            </ul>
          )}
          {cert.chain.length + cert.roots.length > 0 && (
            <table className="data-table" aria-label="Certificate chain and roots">
              <thead>
                <tr>
                  <th scope="col">Role</th>
                  <th scope="col">Serial</th>
                  <th scope="col">Subject</th>
                  <th scope="col">Not after</th>
                </tr>
              </thead>
              <tbody>
                {cert.chain.map((c, i) => (
                  <tr key={`chain-${c.serial}-${i}`}>
                    <th scope="row">{i === 0 ? 'Workload' : c.isCA ? 'Issuer (CA)' : 'Intermediate'}</th>
                    <td>
                      <code>{c.serial}</code>
                    </td>
                    <td>{c.subject || '—'}</td>
                    <td>{c.notAfter}</td>
                  </tr>
                ))}
                {cert.roots.map((r, i) => (
                  <tr key={`root-${r.serial}-${i}`}>
                    <th scope="row">Trusted root</th>
                    <td>
                      <code>{r.serial}</code>
                    </td>
                    <td>{r.trustDomain ? `trust domain ${r.trustDomain}` : '—'}</td>
                    <td>
                      {r.notAfter} <span className={CERT_STATUS_CLASS[r.status]}>({r.status})</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </>
      )}
      <CommandList commands={data.commands} section="certificate" />
    </section>
  );
}
