import type { LabelSelector } from '@/lib/snapshot/types';

/** A matchLabels selector selects a pod when it is a subset of the pod's labels; null selects everything (PA-2, Z-2). */
export function isSelectedBy(selector: LabelSelector, labels: Readonly<Record<string, string>>): boolean {
  if (selector === null) return true;
  for (const key in selector) {
    if (labels[key] !== selector[key]) return false;
  }
  return true;
}

/** True when the selector is absent or has no labels (mesh/namespace level, PA-3). */
export function isEmptySelector(selector: LabelSelector): boolean {
  return selector === null || Object.keys(selector).length === 0;
}
