// Applicable AuthorizationPolicies in the order the proxy evaluates them (CUSTOM, DENY, ALLOW; AUDIT never decides;
// dry-run last), and the RequestAuthentication rules that validate JWTs on this pod.
import type { PodAuthzDto, PodView } from '@/lib/api/views/pod';
import { CommandList } from './command-list';
import styles from './pod.module.css';

const COVERAGE_TEXT: Readonly<Record<PodAuthzDto['coverage'], string>> = {
  'allow-list': 'Allow-list: requests that no ALLOW matches are denied',
  'deny-only': 'Deny rules only: everything they do not deny is allowed',
  'deny-all': 'Deny all: no request is allowed',
  none: 'No policy: every request that reaches the pod is allowed',
  unknown: 'Unknown',
};

function rulesText(p: PodAuthzDto['policies'][number]): string {
  if (p.rules === null) return p.action === 'ALLOW' ? 'no rules: matches nothing' : 'no rules';
  if (p.rules === 0) return 'empty rules';
  return `${p.rules} rule${p.rules === 1 ? '' : 's'}`;
}

export function PodAuthzSection({ data }: { readonly data: PodView }) {
  const { authz } = data;
  return (
    <section aria-labelledby="authz-heading">
      <h2 id="authz-heading">Authorization</h2>
      <p data-testid="authz-coverage">
        <strong>Coverage:</strong> <span className={authz.coverage === 'unknown' ? 'state-unknown' : undefined}>{COVERAGE_TEXT[authz.coverage]}</span>
        {authz.unknownReason ? ` (${authz.unknownReason})` : ''}
      </p>
      {authz.policies.length === 0 ? (
        <p className="muted" data-testid="authz-none">
          {authz.unknownReason ? 'The applicable AuthorizationPolicies are unknown.' : 'No AuthorizationPolicy applies to this pod.'}
        </p>
      ) : (
        <ol className={styles.policies} aria-label="AuthorizationPolicies in evaluation order" data-testid="authz-policies">
          {authz.policies.map((p) => (
            <li key={p.policy}>
              <strong>{p.action}</strong> {p.policy}{' '}
              <span className="muted">
                ({rulesText(p)}
                {p.provider ? `; provider ${p.provider}` : ''}
                {p.dryRun ? '; dry-run: logged, not enforced' : ''})
              </span>
            </li>
          ))}
        </ol>
      )}
      <h3>RequestAuthentication</h3>
      {authz.requestAuthenticationUnknownReason && <p className="state-unknown">Unknown: {authz.requestAuthenticationUnknownReason}</p>}
      {authz.requestAuthentications.length === 0 ? (
        !authz.requestAuthenticationUnknownReason && <p className="muted">No RequestAuthentication applies: JWTs are not validated on this pod.</p>
      ) : (
        <ul data-testid="request-authentications">
          {authz.requestAuthentications.map((ra) => (
            <li key={ra.policy}>
              <strong>{ra.policy}</strong>
              {ra.jwtRules.length === 0 ? (
                <span className="muted"> (no jwtRules)</span>
              ) : (
                <ul>
                  {ra.jwtRules.map((r, i) => (
                    <li key={`${r.issuer}-${i}`}>
                      Issuer <code>{r.issuer}</code>
                      {r.audiences.length > 0 ? (
                        <>
                          , audiences <code>{r.audiences.join(', ')}</code>
                        </>
                      ) : (
                        ', any audience'
                      )}
                      {r.jwksUri ? (
                        <>
                          , keys from <code>{r.jwksUri}</code>
                        </>
                      ) : r.hasInlineJwks ? (
                        ', inline keys'
                      ) : (
                        ', keys from the issuer’s discovery document'
                      )}
                      ; token from {r.from.length > 0 ? r.from.join(', ') : 'Authorization: Bearer'}
                      {r.forwardOriginalToken ? '; forwarded upstream' : ''}
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
      )}
      <CommandList commands={data.commands} section="authorization" />
    </section>
  );
}
