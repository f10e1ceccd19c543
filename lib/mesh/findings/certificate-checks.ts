// Certificate state of the proxies and the roots of trust (istio-semantics §5): expired and expiring workload
// certificates (MP501, MP502), roots close to expiry (MP503), foreign trust domains (MP504) and proxies that
// trust another root than the one istiod distributes (MP505).
import { assessRootCertificates } from '../certs/assess-root-certificates';
import { formatDuration } from '../certs/classify';
import { holdsDifferentRoot } from '../certs/root-trust';
import type { EvaluatedWorkload } from '../evaluate-workloads';
import type { CertificatePosture, Finding } from '../model';
import { makeFinding, kindsReadable, type FindingCheck, type FindingContext } from './context';
import { commands, sh } from './shell';
import { capped, describeGroup, groupWorkloads, listForMessage, plural, podId } from './workload-groups';

type WithCertificate = EvaluatedWorkload & { readonly posture: { readonly certificate: CertificatePosture } };

function withCertificate(ctx: FindingContext): WithCertificate[] {
  return ctx.workloads.filter((w): w is WithCertificate => w.posture.certificate !== null);
}

const secretCommand = (ns: string, pod: string) => sh`istioctl proxy-config secret ${pod} -n ${ns}`;
const leafCommand = (ns: string, pod: string) =>
  sh`istioctl proxy-config secret ${pod} -n ${ns} -o json | jq -r '.dynamicActiveSecrets[] | select(.name=="default") | .secret.tlsCertificate.certificateChain.inlineBytes' | base64 -d | openssl x509 -noout -serial -enddate -ext subjectAltName`;
const rootCommand = (ns: string, pod: string) =>
  sh`istioctl proxy-config secret ${pod} -n ${ns} -o json | jq -r '.dynamicActiveSecrets[] | select(.name=="ROOTCA") | .secret.validationContext.trustedCa.inlineBytes' | base64 -d | openssl x509 -noout -serial -enddate`;
const configMapCommand = (ns: string) => sh`kubectl get configmap istio-ca-root-cert -n ${ns} -o jsonpath='{.data.root-cert\\.pem}' | openssl x509 -noout -serial -enddate`;

function leafFacts(c: CertificatePosture): string {
  const serial = c.serial ? `serial ${c.serial}` : `serial unknown (only the expiry is known, from ${c.origin ?? 'metrics'})`;
  return `${serial}, notAfter ${c.notAfter ?? 'unknown'}`;
}

/** MP501 / MP502: one finding per pod whose workload certificate is expired / expiring (see certs/thresholds). */
function leafStatus(code: 'MP501' | 'MP502', status: 'expired' | 'expiring') {
  return (ctx: FindingContext): Finding[] =>
    withCertificate(ctx)
      .filter((w) => w.posture.certificate.status === status)
      .map((w) => {
        const c = w.posture.certificate;
        const left = c.remainingSeconds === null ? '' : status === 'expired' ? `, ${formatDuration(c.remainingSeconds)} ago` : `, ${formatDuration(c.remainingSeconds)} left`;
        const asOf = c.asOf ? ` (read ${c.asOf})` : '';
        return makeFinding(code, {
          objects: [podId(w)],
          namespace: w.pod.meta.namespace,
          message:
            status === 'expired'
              ? `The workload certificate of pod ${w.pod.meta.namespace}/${w.pod.meta.name} has expired (${leafFacts(c)}${left})${asOf}: peers reject its mTLS handshakes`
              : `The workload certificate of pod ${w.pod.meta.namespace}/${w.pod.meta.name} is past its rotation point and close to expiry (${leafFacts(c)}${left})${asOf}: the agent is not rotating it`,
          verify: commands(secretCommand(w.pod.meta.namespace, w.pod.meta.name), leafCommand(w.pod.meta.namespace, w.pod.meta.name)),
        });
      });
}

interface RootHolders {
  readonly serial: string;
  readonly notAfter: string;
  readonly remainingSeconds: number | null;
  readonly configMaps: string[];
  readonly pods: EvaluatedWorkload[];
}

/** MP503: roots that expire within 30 days (or have expired), from the istio-ca-root-cert ConfigMaps and the proxies' ROOTCA, per serial. */
function rootCertificateExpiring(ctx: FindingContext): Finding[] {
  const bySerial = new Map<string, RootHolders>();
  const entry = (serial: string, notAfter: string, remainingSeconds: number | null) => {
    const e = bySerial.get(serial) ?? { serial, notAfter, remainingSeconds, configMaps: [], pods: [] };
    bySerial.set(serial, e);
    return e;
  };
  if (kindsReadable(ctx, ['RootCertConfigMap'])) {
    for (const r of assessRootCertificates(ctx.index, ctx.now)) {
      if (r.status !== 'expiring' && r.status !== 'expired') continue;
      const e = entry(r.serial, r.notAfter, r.remainingSeconds);
      const id = `ConfigMap/${r.namespace}/${r.configmap}`;
      if (!e.configMaps.includes(id)) e.configMaps.push(id);
    }
  }
  if (kindsReadable(ctx, ['ProxyCertificates'])) {
    for (const w of withCertificate(ctx)) {
      for (const r of w.posture.certificate.roots) {
        if (r.status !== 'expiring' && r.status !== 'expired') continue;
        const remaining = Date.parse(r.notAfter) - Date.parse(ctx.now);
        const e = entry(r.serial, r.notAfter, Number.isNaN(remaining) ? null : Math.floor(remaining / 1000));
        if (!e.pods.includes(w)) e.pods.push(w);
      }
    }
  }
  return [...bySerial.values()].map((e) => {
    const expired = e.remainingSeconds !== null && e.remainingSeconds <= 0;
    const when = e.remainingSeconds === null ? '' : expired ? ` (${formatDuration(e.remainingSeconds)} ago)` : ` (in ${formatDuration(e.remainingSeconds)})`;
    const holders = [
      e.configMaps.length > 0 ? `${plural(e.configMaps.length, 'istio-ca-root-cert ConfigMap')} (${listForMessage(e.configMaps.map((c) => c.split('/')[1] ?? c))})` : null,
      e.pods.length > 0 ? `${e.pods.length} ${e.pods.length === 1 ? 'proxy' : 'proxies'} (${listForMessage(e.pods.map((w) => `${w.pod.meta.namespace}/${w.pod.meta.name}`))})` : null,
    ].filter((x) => x !== null);
    const cm = e.configMaps[0]?.split('/')[1];
    const pod = e.pods[0];
    return makeFinding('MP503', {
      objects: [...capped(e.configMaps), ...capped(e.pods.map(podId))],
      namespace: null,
      message: `Root certificate serial ${e.serial} ${expired ? 'expired' : 'expires'} at ${e.notAfter}${when}; it is held by ${holders.join(' and ')}`,
      verify: commands(cm ? configMapCommand(cm) : null, pod ? rootCommand(pod.pod.meta.namespace, pod.pod.meta.name) : null),
    });
  });
}

/** MP504: one finding per pod whose certificate's SPIFFE trust domain is neither the mesh trust domain nor an alias. */
function trustDomainMismatch(ctx: FindingContext): Finding[] {
  const { trustDomain, trustDomainAliases } = ctx.index.snapshot.meshConfig;
  const aliases = trustDomainAliases.length > 0 ? ` or its aliases (${trustDomainAliases.join(', ')})` : '';
  return withCertificate(ctx)
    .filter((w) => w.posture.certificate.trustDomainMismatch)
    .map((w) =>
      makeFinding('MP504', {
        objects: [podId(w)],
        namespace: w.pod.meta.namespace,
        message: `Pod ${w.pod.meta.namespace}/${w.pod.meta.name} presents ${w.posture.certificate.spiffeId ?? 'a SPIFFE ID'} in trust domain ${w.posture.certificate.trustDomain ?? '?'}, not the mesh trust domain ${trustDomain}${aliases}`,
        verify: commands(secretCommand(w.pod.meta.namespace, w.pod.meta.name), leafCommand(w.pod.meta.namespace, w.pod.meta.name)),
      }),
    );
}

/** MP505: per workload group, proxies whose ROOTCA holds none of the roots of their namespace's istio-ca-root-cert (only when it is known). */
function rootCertificateDiffers(ctx: FindingContext): Finding[] {
  const differing = withCertificate(ctx).filter((w) => holdsDifferentRoot(w.posture.certificate, ctx.index));
  return groupWorkloads(differing).map((g) => {
    const first = g.workloads[0]!;
    const serials = [...new Set(g.workloads.flatMap((w) => (w as WithCertificate).posture.certificate.roots.map((r) => r.serial)))];
    return makeFinding('MP505', {
      objects: [...capped(g.workloads.map(podId)), `ConfigMap/${g.namespace}/istio-ca-root-cert`],
      namespace: g.namespace,
      message: `The proxies of ${describeGroup(g)} trust root serial ${listForMessage(serials)}, none of which is in ConfigMap ${g.namespace}/istio-ca-root-cert: they cannot validate peers that use the distributed root`,
      verify: commands(rootCommand(g.namespace, first.pod.meta.name), configMapCommand(g.namespace)),
    });
  });
}

export const certificateChecks: readonly FindingCheck[] = [
  { code: 'MP501', requires: ['ProxyCertificates'], run: leafStatus('MP501', 'expired') },
  { code: 'MP502', requires: ['ProxyCertificates'], run: leafStatus('MP502', 'expiring') },
  // Each source is gated on its own kind inside the check.
  { code: 'MP503', requires: [], run: rootCertificateExpiring },
  { code: 'MP504', requires: ['ProxyCertificates', 'MeshConfig'], run: trustDomainMismatch },
  { code: 'MP505', requires: ['ProxyCertificates', 'RootCertConfigMap'], run: rootCertificateDiffers },
];
