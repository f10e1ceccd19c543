// How findings point at the mesh config: the ConfigMap it was read from (ARCHITECTURE §4 conventions).
import type { MeshConfig } from '@/lib/snapshot/types';
import { sh } from './shell';

export function meshConfigObject(mc: MeshConfig): string[] {
  return mc.from ? [`ConfigMap/${mc.from.namespace}/${mc.from.name}`] : [];
}

export function meshConfigName(mc: MeshConfig): string {
  return mc.from ? `ConfigMap ${mc.from.namespace}/${mc.from.name}` : 'the mesh config';
}

export function getMeshConfig(mc: MeshConfig): string | null {
  return mc.from ? sh`kubectl get configmap ${mc.from.name} -n ${mc.from.namespace} -o jsonpath='{.data.mesh}'` : null;
}
