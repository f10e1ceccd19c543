import { describe, expect, it } from 'vitest';
import type { WorkloadPosture } from './model';
import { podVerifyCommands } from './pod-verify-commands';

function aWorkload(input: Partial<WorkloadPosture> = {}): WorkloadPosture {
  return {
    namespace: 'shop',
    pod: 'cart-1',
    serviceAccount: 'cart',
    spiffeId: 'spiffe://cluster.local/ns/shop/sa/cart',
    dataplane: 'sidecar',
    isGateway: false,
    predictedFrom: null,
    mtls: {
      mode: 'STRICT',
      ports: { '8080': 'STRICT' },
      policy: 'shop/default',
      chain: [
        { level: 'mesh', policy: 'istio-system/default', mode: 'PERMISSIVE', applied: true },
        { level: 'namespace', policy: 'shop/default', mode: 'STRICT', applied: true },
      ],
      ignored: [{ policy: 'shop/older', reason: 'a newer namespace-wide policy wins' }],
    },
    authz: { coverage: 'allow-list', policies: [{ policy: 'shop/allow-web', action: 'ALLOW', dryRun: false }], requestAuthentications: ['shop/jwt'] },
    certificate: null,
    ...input,
  };
}

const commandsOf = (w: WorkloadPosture) => podVerifyCommands({ workload: w, rootNamespace: 'istio-system' });

describe('podVerifyCommands', () => {
  it('gives a sidecar pod its identity, mTLS, authorization and certificate commands in section order, names quoted', () => {
    const list = commandsOf(aWorkload());
    expect(list.map((c) => [c.section, c.command])).toEqual([
      ['identity', "kubectl get pod 'cart-1' -n 'shop' -o jsonpath='{.spec.serviceAccountName}'"],
      ['identity', "kubectl get pod 'cart-1' -n 'shop' --show-labels"],
      ['identity', "istioctl x describe pod 'cart-1' -n 'shop'"],
      ['mtls', "istioctl proxy-config listener 'cart-1' -n 'shop' --port 15006"],
      ['mtls', "kubectl get peerauthentication -n 'istio-system'"],
      ['mtls', "kubectl get peerauthentication -n 'shop'"],
      ['mtls', "kubectl get peerauthentication 'default' -n 'istio-system' -o yaml"],
      ['mtls', "kubectl get peerauthentication 'default' -n 'shop' -o yaml"],
      ['mtls', "kubectl get peerauthentication 'older' -n 'shop' -o yaml"],
      ['authorization', "istioctl x authz check 'cart-1' -n 'shop'"],
      ['authorization', "kubectl get authorizationpolicy 'allow-web' -n 'shop' -o yaml"],
      ['authorization', "kubectl get requestauthentication 'jwt' -n 'shop' -o yaml"],
      ['certificate', "istioctl proxy-config secret 'cart-1' -n 'shop'"],
      [
        'certificate',
        "istioctl proxy-config secret 'cart-1' -n 'shop' -o json | jq -r '.dynamicActiveSecrets[] | select(.name==\"default\") | .secret.tlsCertificate.certificateChain.inlineBytes' | base64 -d | openssl x509 -noout -serial -enddate -ext subjectAltName",
      ],
      [
        'certificate',
        "istioctl proxy-config secret 'cart-1' -n 'shop' -o json | jq -r '.dynamicActiveSecrets[] | select(.name==\"ROOTCA\") | .secret.validationContext.trustedCa.inlineBytes' | base64 -d | openssl x509 -noout -serial -enddate",
      ],
      ['certificate', "kubectl get configmap istio-ca-root-cert -n 'shop' -o jsonpath='{.data.root-cert\\.pem}' | openssl x509 -noout -serial -enddate"],
      ['clients', "kubectl logs 'cart-1' -n 'shop' -c istio-proxy --tail 50"],
    ]);
  });

  it('points an ambient pod at ztunnel instead of a sidecar', () => {
    const commands = commandsOf(aWorkload({ dataplane: 'ambient' })).map((c) => c.command);
    expect(commands).toContain('istioctl ztunnel-config workloads');
    expect(commands).toContain('istioctl ztunnel-config certificates');
    expect(commands.filter((c) => c.includes('proxy-config'))).toEqual([]);
  });

  it('sends a predicted pod to its controller, since no such pod exists to describe', () => {
    const list = commandsOf(aWorkload({ pod: 'cart', predictedFrom: { kind: 'Deployment', name: 'cart' } }));
    expect(list.filter((c) => c.section === 'identity').map((c) => c.command)).toEqual(["kubectl get deployment 'cart' -n 'shop' -o yaml", "kubectl get namespace 'shop' --show-labels"]);
    expect(list.filter((c) => c.command.includes("pod 'cart'"))).toEqual([]);
  });

  it.each([
    ['a shell command in the pod name', { pod: "x'; rm -rf / #" }],
    ['command substitution in the pod name', { pod: '$(curl evil)' }],
    ['a newline in the namespace', { namespace: 'shop\nid' }],
  ])('leaves out every command that would carry %s', (_name, patch) => {
    const list = commandsOf(aWorkload(patch));
    const hostile = Object.values(patch)[0] ?? '';
    expect(list.filter((c) => c.command.includes(hostile))).toEqual([]);
    // Commands that do not involve the bad value stay.
    expect(list.some((c) => c.command === "kubectl get peerauthentication -n 'istio-system'")).toBe(true);
  });

  it('drops a policy reference that is not a valid ns/name pair', () => {
    const w = aWorkload({ authz: { coverage: 'deny-only', policies: [{ policy: 'shop/$(id)', action: 'DENY', dryRun: false }, { policy: 'no-slash', action: 'DENY', dryRun: false }], requestAuthentications: [] } });
    expect(commandsOf(w).filter((c) => c.purpose.startsWith('AuthorizationPolicy'))).toEqual([]);
  });
});
