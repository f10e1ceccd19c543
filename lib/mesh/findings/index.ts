// Security findings of the engine: every check of the catalogue, each gated on the snapshot kinds it reads, run over
// one computation and sorted by severity, code and first object.
import type { Finding } from '../model';
import { authorizationChecks } from './authorization-checks';
import { authorizationProtocolChecks } from './authorization-protocol-checks';
import { certificateChecks } from './certificate-checks';
import { compareFindings, kindsReadable, type FindingCheck, type FindingContext } from './context';
import { customAuthzChecks } from './custom-authz-checks';
import { destinationRuleCaChecks } from './destination-rule-ca-checks';
import { destinationRuleChecks } from './destination-rule-checks';
import { gatewayChecks, istioGatewayChecks } from './gateway-checks';
import { mtlsModeChecks } from './mtls-mode-checks';
import { namespaceChecks } from './namespace-checks';
import { peerAuthenticationChecks } from './peer-authentication-checks';
import { plaintextClientChecks } from './plaintext-client-checks';
import { requestAuthenticationChecks } from './request-authentication-checks';
import { trustDomainChecks } from './trust-domain-checks';
import { waypointChecks } from './waypoint-checks';

export type { FindingCheck, FindingContext } from './context';
export { FINDING_BY_CODE, FINDING_SPECS, type FindingCode, type FindingSpec } from './catalogue';

export const FINDING_CHECKS: readonly FindingCheck[] = [
  ...peerAuthenticationChecks,
  ...plaintextClientChecks,
  ...namespaceChecks,
  ...mtlsModeChecks,
  ...gatewayChecks,
  ...istioGatewayChecks,
  ...destinationRuleChecks,
  ...destinationRuleCaChecks,
  ...authorizationChecks,
  ...authorizationProtocolChecks,
  ...customAuthzChecks,
  ...waypointChecks,
  ...trustDomainChecks,
  ...requestAuthenticationChecks,
  ...certificateChecks,
];

/** Every finding of the snapshot; checks whose input kinds could not be read are skipped, never guessed. */
export function computeFindings(ctx: FindingContext): Finding[] {
  const findings: Finding[] = [];
  for (const check of FINDING_CHECKS) {
    if (!kindsReadable(ctx, check.requires)) continue;
    for (const f of check.run(ctx)) {
      if (f.code !== check.code) throw new Error(`check ${check.code} produced a ${f.code} finding`);
      findings.push(f);
    }
  }
  return findings.sort(compareFindings);
}
