// Namespaces left outside the mesh (MP107).
import type { Finding } from '../model';
import { isEnrolled } from '../phases/namespace-checks';
import { SYSTEM_NAMESPACES } from '../phases/assess-phases';
import { makeFinding, workloadsInNamespace, type FindingCheck, type FindingContext } from './context';
import { commands, sh } from './shell';
import { plural } from './workload-groups';

/** MP107: a namespace with ≥1 pod, none with a sidecar or ztunnel; the platform's namespaces and the root namespace are left out. */
function namespaceNotInMesh(ctx: FindingContext): Finding[] {
  const out: Finding[] = [];
  for (const [ns, pods] of ctx.index.podsByNamespace) {
    if (pods.length === 0 || SYSTEM_NAMESPACES.has(ns) || ns === ctx.index.rootNamespace) continue;
    const workloads = workloadsInNamespace(ctx, ns);
    if (workloads.some((w) => w.dataplane !== 'none')) continue;
    const enrolled = isEnrolled(ns, ctx.index);
    out.push(
      makeFinding('MP107', {
        objects: [`Namespace/${ns}`],
        namespace: ns,
        message:
          `Namespace ${ns} has ${plural(pods.length, 'pod')} and none has a sidecar or ztunnel` +
          (enrolled
            ? ': it is labelled for the mesh, so the pods predate the label or opted out; restart them to inject'
            : ': it has no istio-injection, istio.io/rev or istio.io/dataplane-mode=ambient label'),
        verify: commands(sh`kubectl get namespace ${ns} --show-labels`, sh`istioctl analyze -n ${ns}`),
      }),
    );
  }
  return out;
}

export const namespaceChecks: readonly FindingCheck[] = [{ code: 'MP107', requires: ['Pod', 'Namespace'], run: namespaceNotInMesh }];
