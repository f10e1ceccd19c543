// Real X.509 certificates for the embedded demo mesh, issued when the demo loads, relative to `now`. Each
// proxy's state is written in the shape a real proxy returns (config_dump, Envoy /certs or agent metrics),
// wrapped in a ProxyCertificates document and read back by lib/sources/proxy-certs, so the demo exercises
// the same parsing path as a cluster. Leaves follow Istio's issuance (istio-semantics §5.1): empty subject,
// SPIFFE URI SAN, NotBefore backdated 2 minutes, chain = leaf then issuing root.
import { createHash, webcrypto } from 'node:crypto';
import type { ProxyCertificates } from '@/lib/snapshot/types';
import { decodePemCertificates } from '../proxy-certs/decode-pem';
import { DYNAMIC_SECRET_TYPE } from '../proxy-certs/parse-config-dump';
import { readProxyCertificatesDocument, PROXY_CERTIFICATES_API_VERSION, PROXY_CERTIFICATES_KIND } from '../proxy-certs/read-proxy-document';
import { formatUtcSeconds } from '../proxy-certs/rfc3339';
import { parseDemoCertSpec, type DemoCertOrigin, type DemoCertSpec, type DemoRootSpec } from './demo-cert-spec';
import { distinguishedName, issueDerLeaf, issueDerRoot } from './der-certificates';

export { parseDemoCertSpec, type DemoCertSpec } from './demo-cert-spec';

export interface DemoPod {
  readonly namespace: string;
  readonly name: string;
  readonly serviceAccount: string;
  readonly dataplane: 'sidecar' | 'ambient';
}

export interface DemoCertificates {
  readonly proxyCertificates: ProxyCertificates[];
  readonly rootPemByName: Record<string, string>;
  /** The mesh CA (first root): what istiod distributes in istio-ca-root-cert. */
  readonly meshRootPem: string;
}

const HOUR_MS = 3600_000;
const DAY_MS = 24 * HOUR_MS;
/** Istio backdates NotBefore by ClockSkewGracePeriod (istio:security/pkg/pki/util/generate_cert.go). */
const CLOCK_SKEW_GRACE_MS = 2 * 60_000;
const ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;
const crypto = webcrypto as unknown as Crypto;

interface IssuedRoot {
  readonly spec: DemoRootSpec;
  readonly pem: string;
  readonly keys: CryptoKeyPair;
  /** The root's subject as DER: the issuer of the leaves it signs. */
  readonly nameDer: Uint8Array;
}

const sha256 = (text: string): Buffer => createHash('sha256').update(text).digest();
/** A positive 128-bit serial derived from `seed`, so a reload at the same `now` issues the same serials. */
function serialFor(seed: string): string {
  const bytes = sha256(seed).subarray(0, 16);
  bytes[0] = ((bytes[0] ?? 0) & 0x7f) | 0x10; // positive, and 32 hex digits without padding
  return bytes.toString('hex');
}
/** A fraction in [0, 1) fixed per pod, so each pod keeps its issuance offset across reloads. */
const fractionFor = (seed: string): number => sha256(seed).readUInt32BE(0) / 2 ** 32;
const base64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

async function issueRoot(spec: DemoRootSpec, trustDomain: string, nowMs: number): Promise<IssuedRoot> {
  const keys = (await crypto.subtle.generateKey(ALGORITHM, false, ['sign', 'verify'])) as CryptoKeyPair;
  const notBefore = nowMs - spec.notBeforeDaysAgo * DAY_MS;
  const nameDer = distinguishedName([
    { type: 'O', value: trustDomain },
    { type: 'CN', value: spec.name },
  ]);
  const pem = await issueDerRoot({
    serialHex: serialFor(`root/${spec.name}`),
    name: nameDer,
    notBefore: new Date(notBefore),
    notAfter: new Date(notBefore + spec.lifetimeDays * DAY_MS),
    keys,
  });
  return { spec, pem, keys, nameDer };
}

interface LeafPlan {
  readonly pod: DemoPod;
  readonly issuer: IssuedRoot;
  readonly trustRoot: IssuedRoot;
  readonly spiffeId: string;
  readonly issuedMs: number;
  readonly lifetimeMs: number;
  readonly origin: DemoCertOrigin;
}

/** The leaf of one pod, as Istio's CA issues it (der-leaf.ts): empty subject, the SPIFFE ID as a critical URI SAN. */
function issueLeaf(plan: LeafPlan, subjectPublicKeyInfo: Uint8Array): Promise<string> {
  const key = `${plan.pod.namespace}/${plan.pod.name}`;
  return issueDerLeaf({
    serialHex: serialFor(`leaf/${key}/${plan.issuedMs}`),
    issuerName: plan.issuer.nameDer,
    notBefore: new Date(plan.issuedMs - CLOCK_SKEW_GRACE_MS),
    notAfter: new Date(plan.issuedMs + plan.lifetimeMs),
    spiffeId: plan.spiffeId,
    subjectPublicKeyInfo,
    signingKey: plan.issuer.keys.privateKey,
  });
}

/** ROOTCA as the agent serves it: trusted_ca, or a SPIFFE validator with one bundle per trust domain (SPIRE). */
function rootSecret(trustRoot: IssuedRoot, isMeshRoot: boolean): Record<string, unknown> {
  if (isMeshRoot || !trustRoot.spec.trustDomain) return { trusted_ca: { inline_bytes: base64(trustRoot.pem) } };
  return {
    custom_validator_config: {
      name: 'envoy.tls.cert_validator.spiffe',
      typed_config: {
        '@type': 'type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.SPIFFECertValidatorConfig',
        trust_domains: [{ name: trustRoot.spec.trustDomain, trust_bundle: { inline_bytes: base64(trustRoot.pem) } }],
      },
    },
  };
}

/** What the proxy would have returned for the tier this pod is read through. */
function proxyPayload(plan: LeafPlan, leafPem: string, meshRoot: IssuedRoot, nowMs: number): Record<string, unknown> {
  switch (plan.origin) {
    case 'config-dump':
      return {
        configDump: {
          configs: [
            {
              '@type': DYNAMIC_SECRET_TYPE,
              name: 'default',
              secret: { name: 'default', tls_certificate: { certificate_chain: { inline_bytes: base64(leafPem + plan.issuer.pem) }, private_key: { inline_bytes: base64('[redacted]') } } },
            },
            { '@type': DYNAMIC_SECRET_TYPE, name: 'ROOTCA', secret: { name: 'ROOTCA', validation_context: rootSecret(plan.trustRoot, plan.trustRoot === meshRoot) } },
          ],
        },
      };
    case 'envoy-certs': {
      const summary = (pem: string) =>
        decodePemCertificates(pem).map((c) => ({
          path: '<inline>',
          serial_number: c.serial,
          subject_alt_names: c.uriSans.map((uri) => ({ uri })),
          days_until_expiration: String(Math.max(0, Math.floor((Date.parse(c.notAfter) - nowMs) / DAY_MS))),
          valid_from: c.notBefore,
          expiration_time: c.notAfter,
        }));
      return { certs: { certificates: [{ ca_cert: summary(plan.trustRoot.pem), cert_chain: summary(leafPem) }] } };
    }
    case 'agent-metrics': {
      const seconds = (plan.issuedMs + plan.lifetimeMs - nowMs) / 1000;
      return { agentMetrics: `# TYPE istio_agent_cert_expiry_seconds gauge\nistio_agent_cert_expiry_seconds{resource_name="default"} ${seconds}\n` };
    }
    default: {
      const unreachable: never = plan.origin;
      throw new Error(`unknown origin ${String(unreachable)}`);
    }
  }
}

function planFor(pod: DemoPod, spec: DemoCertSpec, roots: ReadonlyMap<string, IssuedRoot>, meshRoot: IssuedRoot, trustDomain: string, nowMs: number): LeafPlan | null {
  const key = `${pod.namespace}/${pod.name}`;
  const own = spec.pods[key] ?? {};
  if (own.unreachable) return null;
  const issuer = roots.get(own.root ?? spec.defaults.root);
  const trustRoot = roots.get(own.trustRoot ?? own.root ?? spec.defaults.root);
  if (!issuer || !trustRoot) throw new Error(`demo certificates: ${key}: unknown root`); // parseDemoCertSpec checks this
  const domain = issuer === meshRoot ? trustDomain : (issuer.spec.trustDomain ?? trustDomain);
  const issuedHoursAgo = own.issuedHoursAgo ?? fractionFor(key) * spec.defaults.issuedHoursAgoMax;
  return {
    pod,
    issuer,
    trustRoot,
    spiffeId: own.spiffeId ?? `spiffe://${domain}/ns/${pod.namespace}/sa/${pod.serviceAccount}`,
    issuedMs: Math.round(nowMs - issuedHoursAgo * HOUR_MS),
    lifetimeMs: (own.lifetimeHours ?? spec.defaults.lifetimeHours) * HOUR_MS,
    origin: own.origin ?? 'config-dump',
  };
}

/**
 * Issues the demo's CAs and one leaf per reachable pod, relative to `opts.now`. Throws when the spec names a
 * pod the demo does not have (a typo must not pass silently) or when a generated document fails to read back.
 */
export async function issueDemoCertificates(
  spec: DemoCertSpec,
  pods: readonly DemoPod[],
  opts: { trustDomain: string; now: Date },
): Promise<DemoCertificates> {
  const checked = parseDemoCertSpec(spec);
  const known = new Set(pods.map((p) => `${p.namespace}/${p.name}`));
  const unknown = Object.keys(checked.pods).filter((key) => !known.has(key));
  if (unknown.length > 0) throw new Error(`demo certificates: pods listed in the spec but not in the demo mesh: ${unknown.join(', ')}`);

  const nowMs = opts.now.getTime();
  const asOf = formatUtcSeconds(nowMs);
  const issued = await Promise.all(checked.roots.map((r, i) => issueRoot(r, i === 0 ? opts.trustDomain : (r.trustDomain ?? r.name), nowMs)));
  const meshRoot = issued[0];
  if (!meshRoot) throw new Error('demo certificates: no roots');
  const roots = new Map(issued.map((r) => [r.spec.name, r] as const));
  // One key pair for every leaf: it is a demo, and the private key is never shown. Serials, SANs and validity differ.
  const leafKeys = (await crypto.subtle.generateKey(ALGORITHM, false, ['sign', 'verify'])) as CryptoKeyPair;

  const plans = pods.flatMap((pod) => planFor(pod, checked, roots, meshRoot, opts.trustDomain, nowMs) ?? []);
  const leafSpki = new Uint8Array(await crypto.subtle.exportKey('spki', leafKeys.publicKey));
  const leafPems = await Promise.all(plans.map((plan) => issueLeaf(plan, leafSpki)));
  const proxyCertificates = plans.map((plan, i) => {
    const doc = {
      apiVersion: PROXY_CERTIFICATES_API_VERSION,
      kind: PROXY_CERTIFICATES_KIND,
      metadata: { namespace: plan.pod.namespace, name: plan.pod.name },
      asOf,
      ...proxyPayload(plan, leafPems[i] ?? '', meshRoot, nowMs),
    };
    const read = readProxyCertificatesDocument(doc, { fallbackAsOf: asOf, location: 'demo certificates' });
    if (!read?.ok) throw new Error(read ? read.reason : 'demo certificates: generated document not recognised');
    return read.value;
  });
  return { proxyCertificates, rootPemByName: Object.fromEntries(issued.map((r) => [r.spec.name, r.pem])), meshRootPem: meshRoot.pem };
}
