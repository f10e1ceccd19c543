// The catalogue of security checks: stable codes, default severity, and why each matters. Codes never change
// meaning once released (reports and CI gates refer to them); a retired check keeps its code unused.
import type { Severity } from '../model';

export interface FindingSpec {
  readonly code: string;
  readonly name: string;
  readonly severity: Severity;
  readonly title: string;
  readonly why: string;
}

const spec = (code: string, name: string, severity: Severity, title: string, why: string): FindingSpec => ({ code, name, severity, title, why });

export const FINDING_SPECS = [
  // mTLS and PeerAuthentication
  spec('MP101', 'PortLevelMtlsOnServicePort', 'error', 'portLevelMtls names a Service port that is not a container port',
    'portLevelMtls is keyed on the workload (container) port, not the Service port (istio-semantics PA-8). The entry never applies, so the port keeps the workload mode the author meant to override.'),
  spec('MP102', 'PeerAuthenticationSelectsNothing', 'warning', 'PeerAuthentication selector matches no pod',
    'A workload policy that selects nothing enforces nothing; often a typo in a label, leaving the intended workload on the namespace or mesh mode.'),
  spec('MP103', 'DuplicatePeerAuthenticationIgnored', 'warning', 'newer namespace- or mesh-level PeerAuthentication is ignored',
    'Only the oldest namespace-level (or mesh-level) PeerAuthentication counts; istiod drops the newer ones (PA-4, PA-6). Its mode is not in force, whatever it says.'),
  spec('MP104', 'RootNamespaceSelectorIgnored', 'warning', 'PeerAuthentication with a selector in the root namespace is ignored',
    'PeerAuthentications with a workload selector in the root namespace are neither mesh- nor workload-level and are ignored (PA-3), unlike AuthorizationPolicy.'),
  spec('MP105', 'StrictServerPlaintextClients', 'error', 'STRICT server has likely clients without a dataplane',
    'A client without a sidecar or ztunnel sends plaintext, and a STRICT server resets the connection (istio-semantics §2.2). These calls fail today.'),
  spec('MP106', 'ReadyForStrict', 'info', 'PERMISSIVE namespace whose clients all have a dataplane',
    'Every workload that could call this namespace sends mTLS (each has a dataplane, and no DestinationRule makes it send plaintext), so switching it to STRICT should not break traffic and removes the plaintext door. Never raised for the root namespace, whose PeerAuthentication is mesh-wide.'),
  spec('MP107', 'NamespaceNotInMesh', 'warning', 'namespace not in the mesh',
    'No workload in the namespace has a sidecar or ztunnel: its traffic is plaintext, unauthenticated and outside every mesh policy.'),
  spec('MP108', 'PlaintextAcceptedOnPort', 'info', 'workload port explicitly accepts plaintext only (DISABLE)',
    'A DISABLE port turns mTLS off for that port: peers are not authenticated and traffic is readable on the wire.'),
  spec('MP109', 'AmbientDisableIgnored', 'info', 'DISABLE has no effect on an ambient workload',
    'Ambient mode does not support DISABLE; ztunnel keeps using HBONE mTLS and treats it as PERMISSIVE (istio-semantics A-2). The policy does not do what it says.'),
  spec('MP110', 'GatewayListenerPlaintext', 'warning', 'Istio gateway listener accepts plaintext from outside the mesh',
    'A Gateway API listener of class istio with protocol HTTP, TCP or UDP terminates no TLS: clients outside the mesh reach it unencrypted and unauthenticated, and mesh mTLS starts only behind the gateway (gateway-api.sigs.k8s.io/guides/tls; istio.io tasks/traffic-management/ingress/secure-ingress). Serve it as HTTPS or TLS, or make sure its routes only redirect to HTTPS (HTTPRoutes are not read).'),
  spec('MP111', 'IstioGatewayServerPlaintext', 'warning', 'Istio Gateway server accepts plaintext from outside the mesh',
    'A server of an Istio Gateway (networking.istio.io) with protocol HTTP, HTTP2, GRPC, GRPC-WEB, MONGO or TCP and no TLS terminates none: clients outside the mesh reach the gateway unencrypted and unauthenticated, and mesh mTLS starts only behind it (istio.io reference/config/networking/gateway: Server, ServerTLSSettings). Serve it as HTTPS or TLS, or set tls.httpsRedirect on an HTTP server so that clients are sent to HTTPS (VirtualServices are not read).'),
  spec('MP112', 'GatewayTlsBelow12', 'warning', 'gateway server accepts TLS 1.0 or 1.1',
    'tls.minProtocolVersion TLSV1_0 or TLSV1_1 lowers the gateway\'s minimum below its default, TLS 1.2 (istio.io reference/config/networking/gateway: ServerTLSSettings.minProtocolVersion); both versions are deprecated by RFC 8996. Remove the setting or raise it to TLSV1_2.'),
  // DestinationRule (client side)
  spec('MP201', 'DestinationRuleDisableToStrict', 'error', 'DestinationRule sends plaintext to a STRICT server',
    'A DestinationRule with tls.mode DISABLE overrides auto mTLS; the STRICT server rejects the plaintext connection (istio-semantics C-4, §2.2).'),
  spec('MP202', 'IstioMutualToNoDataplane', 'error', 'DestinationRule sends ISTIO_MUTUAL to a server without a dataplane',
    'The server has no proxy to terminate Istio mTLS, so every connection through this rule fails (§2.2 "migration tls mutual").'),
  spec('MP203', 'IstioMutualToDisable', 'warning', 'DestinationRule sends ISTIO_MUTUAL to a DISABLE port',
    'The server port has no TLS-terminating filter chain; the connection is expected to fail (our inference, istio-semantics §2.2).'),
  spec('MP204', 'TlsOriginationWithoutCa', 'warning', 'SIMPLE or MUTUAL TLS without caCertificates',
    'Without a CA the client does not verify the server certificate, so a man in the middle goes unnoticed (istioctl IST0128/IST0129).'),
  // AuthorizationPolicy
  spec('MP301', 'AuthorizationPolicySelectsNothing', 'warning', 'AuthorizationPolicy selector matches no pod',
    'A policy that selects no workload enforces nothing; the workload it was written for stays open.'),
  spec('MP302', 'DenyHttpFieldsOnTcp', 'warning', 'DENY with HTTP-only fields applies to a TCP port',
    'On a TCP port the HTTP-only conditions are dropped and the rest of the rule kept, so the DENY is wider than written (istio-semantics Z-11).'),
  spec('MP303', 'AllowDroppedOnTcp', 'error', 'ALLOW policy whose rules are all dropped on a TCP port',
    'Every rule uses HTTP-only fields; on TCP each is dropped, the ALLOW filter is left empty and all TCP traffic to the workload is denied (Z-11).'),
  spec('MP304', 'CustomProviderMissing', 'error', 'CUSTOM AuthorizationPolicy names a provider missing from meshConfig',
    'An unknown ext_authz provider makes Istio deny exactly the requests the CUSTOM rules match (fail closed, istio-semantics Z-4).'),
  spec('MP305', 'ExtAuthzFailOpen', 'warning', 'ext_authz fails open',
    'With failure_mode_allow (or failOpen) an outage of the external authorizer lets every request through unchecked.'),
  spec('MP306', 'ForeignTrustDomainPrincipal', 'warning', 'principal in a trust domain that is not the mesh\'s or an alias',
    'Identities outside the mesh trust domain and its aliases are never presented by mesh workloads, so the rule cannot match as intended (Z-14).'),
  spec('MP307', 'WorkloadNotCoveredByAllow', 'warning', 'workload not covered by any ALLOW policy in a namespace that has them',
    'Without an ALLOW policy a workload allows every caller; in a namespace that uses allow-lists this is usually an oversight.'),
  spec('MP308', 'MultipleCustomProviders', 'error', 'one workload has CUSTOM policies with several providers',
    'Istio supports one ext_authz provider per workload by default and denies the requests those rules match instead (Z-4).'),
  spec('MP309', 'TargetRefIgnoredOnSidecar', 'info', 'AuthorizationPolicy or RequestAuthentication with targetRefs does not apply to sidecars',
    'targetRefs attach to gateways and waypoints only; sidecar workloads ignore the policy (Z-3).'),
  spec('MP310', 'L7AllowWithoutWaypoint', 'warning', 'ALLOW with HTTP fields attached by selector to an ambient workload',
    'ztunnel enforces policies attached by selector, and only at L4: an ALLOW rule with HTTP attributes is left out, which denies the traffic it was meant to allow (Z-15). A waypoint does not change this: waypoints ignore selector policies and enforce only those attached with targetRefs (Z-3; istio.io ambient/usage/l4-policy "Authorization policy attachment").'),
  spec('MP311', 'AllowNothing', 'info', 'ALLOW policy with no rules denies every request',
    'spec: {} (or an ALLOW without rules) matches nothing, so every request to the selected workloads is denied (Z-5).'),
  spec('MP312', 'WaypointPolicyServiceNotServed', 'warning', 'AuthorizationPolicy targets a Service that no waypoint serves',
    'A policy attached by targetRefs to a Service is enforced by the waypoint the Service uses; without one (no istio.io/use-waypoint, opted out, or a waypoint that does not bind) nothing enforces it (istio.io ambient/usage/waypoint, l4-policy "Authorization policy attachment").'),
  spec('MP313', 'DestinationPolicyDeniesWaypoint', 'error', 'destination policy denies the waypoint, so every request through it fails',
    'Behind a waypoint the destination ztunnel sees the waypoint\'s identity, not the client\'s ("waypoint proxies do not impersonate src identity", istio.io ambient/usage/l4-policy). A selector policy that allows only the original clients denies all traffic through the waypoint.'),
  spec('MP314', 'TargetRefMissing', 'warning', 'targetRefs names a Gateway or Service that does not exist',
    'A policy attached to an object that is not there is enforced nowhere (Z-3); usually a typo or a waypoint not deployed yet.'),
  spec('MP315', 'UseWaypointUnresolved', 'error', 'istio.io/use-waypoint names a waypoint that cannot serve this traffic',
    'When the named waypoint does not exist, has no address, does not allow the namespace or is not for this traffic type (istio.io/waypoint-for), istiod binds no waypoint: traffic goes straight to the destination and no L7 policy of the waypoint is enforced (istio/istio ambient waypoints.go fetchWaypointForTarget).'),
  spec('MP316', 'WaypointSkippedBySidecars', 'warning', 'sidecar clients skip the waypoint and its policies',
    'Sidecars send to an ambient destination directly, not through its waypoint (istio/istio#51445, the open sidecar → waypoint interop issue): policies attached to the waypoint (targetRefs) are not enforced for sidecar clients; only the destination\'s L4 selector policies are.'),
  // RequestAuthentication
  spec('MP401', 'RequestAuthenticationSelectsNothing', 'warning', 'RequestAuthentication selector matches no pod',
    'A RequestAuthentication that selects nothing validates no token.'),
  spec('MP402', 'JwtNotRequired', 'warning', 'RequestAuthentication without an AuthorizationPolicy that requires a request principal',
    'RequestAuthentication only rejects invalid tokens; a request with no token is accepted (istio-semantics J-2). Require one with requestPrincipals.'),
  // Certificates
  spec('MP501', 'CertificateExpired', 'error', 'workload certificate expired',
    'Peers reject an expired certificate: mTLS to and from this proxy fails until it is renewed; rotation is not working.'),
  spec('MP502', 'CertificateExpiring', 'warning', 'workload certificate past its rotation time and close to expiry',
    'Istio rotates at half the lifetime; a certificate this close to expiry means rotation is failing (istio-semantics §5.1).'),
  spec('MP503', 'RootCertificateExpiring', 'error', 'root certificate expires within 30 days',
    'When the root expires every workload certificate it anchors stops validating, mesh-wide.'),
  spec('MP504', 'TrustDomainMismatch', 'warning', 'certificate identity in a trust domain the mesh does not use',
    'A proxy presenting a SPIFFE ID outside the mesh trust domain and its aliases fails principal-based authorization.'),
  spec('MP505', 'RootCertificateDiffers', 'warning', 'proxy trusts a different root than the mesh distributes',
    'A proxy holding another root cannot validate its peers after a root rotation: connections fail.'),
] as const satisfies readonly FindingSpec[];

export type FindingCode = (typeof FINDING_SPECS)[number]['code'];

export const FINDING_BY_CODE: ReadonlyMap<string, FindingSpec> = new Map(FINDING_SPECS.map((s) => [s.code, s]));
