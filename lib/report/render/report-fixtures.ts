// Test fixtures for the rendered reports: a synthetic mesh of any size through the real engine, and reports full of
// hostile strings, as a compromised or careless cluster could supply them (labels,
// annotations, policy names, issuers, provider names, env values), plus a ReportModel whose every free-text field
// is hostile, for the HTML/PDF tests and the Chromium e2e spec. Any request they managed to make would go to
// 127.0.0.1:9 (discard), and any script would call alert().
import { computePostureDetailed } from '@/lib/mesh/compute-posture';
import { buildSnapshot } from '@/lib/snapshot/build-snapshot';
import { planSyntheticMesh, syntheticMeshItems } from '@/test/synthetic/generate-mesh';
import { aPeerAuthentication, aPod, aRequestAuthentication, anAuthorizationPolicy, aSnapshot, NOW } from '@/test/builders';
import type { ReportModel } from '../report-model';
import { buildReportModel } from '../report-model';

export const HOSTILE_STRINGS = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(2)>',
  '<img src="http://127.0.0.1:9/leak.png">',
  'javascript:alert(3)',
  '"><svg onload=alert(4)>',
  "'><body onload=alert(5)>",
  '</style><script>alert(6)</script>',
  '<a href="javascript:alert(7)">click</a>',
  '<link rel=stylesheet href=http://127.0.0.1:9/x.css>',
  '<iframe src="http://127.0.0.1:9/frame"></iframe>',
  '<meta http-equiv="refresh" content="0;url=http://127.0.0.1:9/">',
  '</title></svg><script>alert(8)</script>',
  'style="background:url(http://127.0.0.1:9/bg.png)"',
  'JaVaScRiPt :alert(9)',
  '\u202Egnp.exe\u0000\u0007',
] as const;

export const SECRET_MARKERS = ['-----BEGIN PRIVATE KEY-----', 'MIIEvQIBADANBgkqhkiG9w0BAQEFAASC', 'managedFields', 'last-applied-configuration'] as const;

const hostile = (i: number): string => HOSTILE_STRINGS[i % HOSTILE_STRINGS.length] ?? '<script>alert(0)</script>';
const PEM = `${SECRET_MARKERS[0]}\n${SECRET_MARKERS[1]}\n-----END PRIVATE KEY-----`;

/** A small mesh through the real engine, hostile where Kubernetes allows free text. */
export function hostileEngineModel(): ReportModel {
  const annotations = { 'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify({ metadata: { managedFields: [] }, data: { 'tls.key': PEM } }), note: hostile(0) };
  const snapshot = aSnapshot({
    pods: [
      aPod({ name: 'web-1', namespace: 'shop', labels: { app: 'web' }, annotations, envValues: [`http://payments.shop:8080/${hostile(1)}`, PEM] }),
      aPod({ name: 'legacy-1', namespace: 'shop', labels: { app: 'legacy' }, dataplane: 'none', annotations }),
      aPod({ name: 'api-1', namespace: 'payments', labels: { app: 'api' }, annotations }),
    ],
    peerAuthentications: [
      aPeerAuthentication({ name: hostile(2), namespace: 'shop', mode: 'PERMISSIVE' }),
      aPeerAuthentication({ name: hostile(0), namespace: 'payments', selector: { app: hostile(3) }, mode: 'DISABLE' }),
    ],
    authorizationPolicies: [anAuthorizationPolicy({ name: hostile(4), namespace: 'shop', action: 'CUSTOM', provider: hostile(6), rules: [] })],
    requestAuthentications: [
      aRequestAuthentication({
        name: hostile(7),
        namespace: 'payments',
        jwtRules: [{ issuer: hostile(8), audiences: [hostile(9)], jwksUri: hostile(10), hasInlineJwks: false, fromHeaders: [], fromParams: [], fromCookies: [], forwardOriginalToken: false }],
      }),
    ],
  });
  return buildReportModel(computePostureDetailed(snapshot, { now: NOW }), { generatedAt: NOW, toolVersion: hostile(11), context: hostile(12) });
}

/** The engine's model with every free-text field replaced by a hostile string. */
export function hostileModel(): ReportModel {
  const base = hostileEngineModel();
  let n = 0;
  const h = () => hostile(n++);
  return {
    ...base,
    cover: { ...base.cover, source: h(), context: h(), gaps: [{ what: h(), status: 'forbidden', reason: h() }, ...base.cover.gaps], complete: false },
    namespaces: base.namespaces.map((ns) => ({ ...ns, name: h(), dataplane: h() })),
    plaintext: base.plaintext.map((p) => ({ ...p, namespace: h(), pod: h(), why: h() })),
    blockers: base.blockers.map((b) => ({ ...b, namespace: h(), blocking: b.blocking.map((c) => ({ ...c, title: h(), detail: h() })) })),
    findings: [
      ...base.findings.map((f) => ({ ...f, code: h(), namespace: h(), message: h(), why: h(), verify: [h(), h()], locations: [{ object: h(), file: h(), line: 1 }] })),
    ],
    certificates: base.certificates.map((c) => ({ ...c, pod: h(), serial: h(), notes: [h()], spiffeId: h() })),
    roots: [{ namespace: h(), configmap: h(), serial: h(), subject: h(), notBefore: NOW, notAfter: NOW, remainingSeconds: 0, status: 'expired', expiringWithin30Days: false }],
    policies: base.policies.map((p) => ({ ...p, name: h(), summary: h(), location: { file: h(), line: 2 } })),
    changes: {
      baseline: { generatedAt: h(), source: h(), now: NOW },
      newPlaintextPorts: [{ namespace: h(), workload: h(), port: 80, mode: 'PERMISSIVE' }],
      closedPlaintextPorts: [],
      phaseRegressions: [{ namespace: h(), from: 2, to: 1 }],
      phaseAdvances: [],
      newFindings: [{ code: h(), severity: 'error', objects: [h()], message: h() }],
      resolvedFindings: [],
      renewedCertificates: [],
    },
  };
}

/** The synthetic mesh generator's mesh (test/synthetic) through the real engine: many namespaces, every mode. */
export function syntheticModel(pods: number, namespaces: number, now: string = NOW): ReportModel {
  const plan = planSyntheticMesh({ pods, namespaces, policiesPerNamespace: 3, seed: 7 });
  const snapshot = buildSnapshot(
    [...syntheticMeshItems(plan)].map((raw) => ({ raw })),
    { source: 'synthetic', asOf: now },
  );
  return buildReportModel(computePostureDetailed(snapshot, { now }), { generatedAt: now, toolVersion: '0.1.0' });
}
