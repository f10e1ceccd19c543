// The one entry read-document.ts calls: would the API server admit this object? For a kind the snapshot reads
// (routed), its metadata and, for Istio kinds, its CRD schema; for a kind it ignores, only an Istio or Gateway API
// object is checked (against its CRD), so an invalid one is still reported though it changes no verdict.
import { crdSchema, schemaKey } from './crd-schemas';
import { validateObject } from './validate-object';

export interface Admission {
  /** Why the API server would reject the object, or null when it would admit it. */
  readonly problem: string | null;
  /** Fields it would drop on admission (not in the CRD schema), as dotted paths. */
  readonly pruned: readonly string[];
}

const ADMITTED: Admission = { problem: null, pruned: [] };

/** Whether the API server would admit `raw` (apiVersion and kind checked by routeKind), and what it would prune. */
export function admissionOf(raw: Record<string, unknown>, routed: boolean): Admission {
  const apiVersion = String(raw['apiVersion']);
  const kind = String(raw['kind']);
  if (!routed && !crdSchema(schemaKey(apiVersion, kind))) return ADMITTED;
  try {
    const result = validateObject(raw, apiVersion, kind);
    return result.valid ? (result.pruned.length > 0 ? { problem: null, pruned: result.pruned } : ADMITTED) : { problem: result.reason, pruned: [] };
  } catch {
    // A fault of the validator itself (not of the object: every vendored schema compiles, compile-schema.test.ts)
    // must not drop an object or the whole read; the object goes on to its parser, as before validation existed.
    return ADMITTED;
  }
}
