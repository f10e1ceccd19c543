// Which waypoint binds, restating istio/istio pilot/pkg/serviceregistry/kube/controller/ambient/waypoints.go
// (fetchWaypointForTarget / ForService / ForWorkload, getUseWaypoint, makeAllowedRoutes) and
// https://istio.io/latest/docs/ambient/usage/waypoint/ ("Deploy a waypoint proxy", "Use a waypoint proxy").
import { describe, expect, it } from 'vitest';
import { aGateway, aNamespace, aPod, aService, aSnapshot } from '@/test/builders';
import type { Gateway, Namespace, Pod, Service } from '@/lib/snapshot/types';
import { buildMeshIndex } from '../mesh-index';
import { waypointForPod, waypointForService, type WaypointBinding } from './resolve-waypoint';

const summary = (b: WaypointBinding): string => {
  switch (b.state) {
    case 'none':
      return 'none';
    case 'opted-out':
      return `opted-out by ${b.labelledOn}`;
    case 'bound':
      return `bound ${b.waypoint.namespace}/${b.waypoint.name} by ${b.labelledOn} sa=${b.waypoint.serviceAccounts.join(',')}`;
    case 'unresolved':
      return `unresolved ${b.problem} ${b.ref.namespace}/${b.ref.name} by ${b.labelledOn}`;
  }
};

interface Case {
  readonly name: string;
  readonly namespaces?: Namespace[];
  readonly gateways?: Gateway[];
  readonly service?: Partial<Parameters<typeof aService>[0]>;
  readonly podLabels?: Record<string, string>;
  readonly extraPods?: Pod[];
  readonly service_: string;
  readonly pod_: string;
}

const ns = (labels: Record<string, string> = {}) => aNamespace('bookinfo', { 'istio.io/dataplane-mode': 'ambient', ...labels });
const waypoint = (labels: Record<string, string> = {}, extra: Partial<Gateway> = {}) => aGateway({ name: 'waypoint', namespace: 'bookinfo', labels, ...extra });

describe('waypointForService / waypointForPod', () => {
  it.each<Case>([
    { name: 'no label anywhere: no waypoint', namespaces: [ns()], gateways: [waypoint()], service_: 'none', pod_: 'none' },
    {
      name: 'namespace label, waypoint for service (the default): Services bind, pod IPs do not ("by default only services use the namespace waypoint")',
      namespaces: [ns({ 'istio.io/use-waypoint': 'waypoint' })], gateways: [waypoint()],
      service_: 'bound bookinfo/waypoint by Namespace/bookinfo sa=waypoint', pod_: 'unresolved wrong-traffic-type bookinfo/waypoint by Namespace/bookinfo',
    },
    {
      name: 'waypoint-for all serves both', namespaces: [ns({ 'istio.io/use-waypoint': 'waypoint' })], gateways: [waypoint({ 'istio.io/waypoint-for': 'all' })],
      service_: 'bound bookinfo/waypoint by Namespace/bookinfo sa=waypoint', pod_: 'bound bookinfo/waypoint by Namespace/bookinfo sa=waypoint',
    },
    {
      name: 'waypoint-for none serves nothing', namespaces: [ns({ 'istio.io/use-waypoint': 'waypoint' })], gateways: [waypoint({ 'istio.io/waypoint-for': 'none' })],
      service_: 'unresolved wrong-traffic-type bookinfo/waypoint by Namespace/bookinfo', pod_: 'unresolved wrong-traffic-type bookinfo/waypoint by Namespace/bookinfo',
    },
    {
      name: 'the Service label wins over the namespace label ("Configure a service to use a specific waypoint")',
      namespaces: [ns({ 'istio.io/use-waypoint': 'waypoint' })], gateways: [waypoint(), aGateway({ name: 'reviews-svc-waypoint', namespace: 'bookinfo' })],
      service: { labels: { 'istio.io/use-waypoint': 'reviews-svc-waypoint' } },
      service_: 'bound bookinfo/reviews-svc-waypoint by Service/bookinfo/reviews sa=reviews-svc-waypoint', pod_: 'unresolved wrong-traffic-type bookinfo/waypoint by Namespace/bookinfo',
    },
    {
      name: 'use-waypoint: none on the Service opts out even when the namespace has a waypoint',
      namespaces: [ns({ 'istio.io/use-waypoint': 'waypoint' })], gateways: [waypoint()], service: { labels: { 'istio.io/use-waypoint': 'none' } },
      service_: 'opted-out by Service/bookinfo/reviews', pod_: 'unresolved wrong-traffic-type bookinfo/waypoint by Namespace/bookinfo',
    },
    {
      name: 'a pod label to a workload waypoint ("Configure a pod to use a specific waypoint"); the Service label does not apply to pod-IP traffic',
      namespaces: [ns()], gateways: [aGateway({ name: 'reviews-v2-pod-waypoint', namespace: 'bookinfo', labels: { 'istio.io/waypoint-for': 'workload' } })],
      service: { labels: { 'istio.io/use-waypoint': 'reviews-v2-pod-waypoint' } }, podLabels: { 'istio.io/use-waypoint': 'reviews-v2-pod-waypoint' },
      service_: 'unresolved wrong-traffic-type bookinfo/reviews-v2-pod-waypoint by Service/bookinfo/reviews', pod_: 'bound bookinfo/reviews-v2-pod-waypoint by Pod/bookinfo/reviews-v2-0 sa=reviews-v2-pod-waypoint',
    },
    {
      name: 'a label naming a Gateway that does not exist binds nothing (WaypointIsNotReady)',
      namespaces: [ns({ 'istio.io/use-waypoint': 'nope' })], gateways: [waypoint()],
      service_: 'unresolved missing bookinfo/nope by Namespace/bookinfo', pod_: 'unresolved missing bookinfo/nope by Namespace/bookinfo',
    },
    {
      name: 'a Gateway whose status has no address yet binds nothing',
      namespaces: [ns({ 'istio.io/use-waypoint': 'waypoint' })], gateways: [waypoint({}, { statusAddresses: 0 })],
      service_: 'unresolved not-ready bookinfo/waypoint by Namespace/bookinfo', pod_: 'unresolved not-ready bookinfo/waypoint by Namespace/bookinfo',
    },
    {
      name: 'use-waypoint-namespace names a waypoint in another namespace: its HBONE listener allows Same only by default',
      namespaces: [ns({ 'istio.io/use-waypoint': 'shared', 'istio.io/use-waypoint-namespace': 'infra' })], gateways: [aGateway({ name: 'shared', namespace: 'infra' })],
      service_: 'unresolved attachment-denied infra/shared by Namespace/bookinfo', pod_: 'unresolved attachment-denied infra/shared by Namespace/bookinfo',
    },
    {
      name: 'use-waypoint-namespace with allowedRoutes from All binds, with the service account of the waypoint pods',
      namespaces: [ns({ 'istio.io/use-waypoint': 'shared', 'istio.io/use-waypoint-namespace': 'infra' })],
      gateways: [aGateway({ name: 'shared', namespace: 'infra', listeners: [{ name: 'mesh', port: 15008, protocol: 'HBONE', allowedNamespaces: 'All', namespaceSelector: null, tls: null }] })],
      extraPods: [aPod({ name: 'shared-0', namespace: 'infra', dataplane: 'none', serviceAccountName: 'shared-sa', labels: { 'gateway.networking.k8s.io/gateway-name': 'shared' } })],
      service_: 'bound infra/shared by Namespace/bookinfo sa=shared-sa', pod_: 'unresolved wrong-traffic-type infra/shared by Namespace/bookinfo',
    },
  ])('$name', ({ namespaces = [], gateways = [], service = {}, podLabels = {}, extraPods = [], service_, pod_ }) => {
    const pod = aPod({ name: 'reviews-v2-0', namespace: 'bookinfo', dataplane: 'ambient-label', labels: { app: 'reviews', ...podLabels } });
    const svc: Service = aService({ name: 'reviews', namespace: 'bookinfo', ...service });
    const index = buildMeshIndex(aSnapshot({ namespaces, pods: [pod, ...extraPods], services: [svc], gateways }));
    expect({ service: summary(waypointForService(svc, index)), pod: summary(waypointForPod(pod, index)) }).toEqual({ service: service_, pod: pod_ });
  });

  it("a waypoint's own Service has no waypoint", () => {
    const svc = aService({ name: 'waypoint', namespace: 'bookinfo', labels: { 'gateway.istio.io/managed': 'istio.io-mesh-controller' } });
    const index = buildMeshIndex(aSnapshot({ namespaces: [ns({ 'istio.io/use-waypoint': 'waypoint' })], services: [svc], gateways: [waypoint()] }));
    expect(waypointForService(svc, index)).toEqual({ state: 'none' });
  });
});
