// The one entry read-document.ts calls: would the API server admit this object? For a kind the snapshot reads
// (routed), its metadata and, for Istio kinds, its CRD schema; for a kind it ignores, only an Istio or Gateway API
// object is checked (against its CRD), so an invalid one is still reported though it changes no verdict.
import { crdSchema, schemaKey } from './crd-schemas';
import { validateObject } from './validate-object';

/** Why the API server would reject `raw` (apiVersion and kind checked by routeKind); null when it would admit it. */
export function admissionProblem(raw: Record<string, unknown>, routed: boolean): string | null {
  const apiVersion = String(raw['apiVersion']);
  const kind = String(raw['kind']);
  if (!routed && !crdSchema(schemaKey(apiVersion, kind))) return null;
  try {
    const result = validateObject(raw, apiVersion, kind);
    return result.valid ? null : result.reason;
  } catch {
    // A fault of the validator itself (not of the object: every vendored schema compiles, compile-schema.test.ts)
    // must not drop an object or the whole read; the object goes on to its parser, as before validation existed.
    return null;
  }
}
