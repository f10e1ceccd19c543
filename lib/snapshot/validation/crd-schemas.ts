// The vendored CRD schemas (crd-schemas.gen.json, made by scripts/generate-crd-schemas.ts from the CRDs named in
// CRD-SOURCES.md): the structural schema of every served version of the Istio and Gateway API kinds.
import vendored from './crd-schemas.gen.json' with { type: 'json' };

/** A node of an OpenAPI v3 structural schema, with the Kubernetes extensions. */
export interface StructuralSchema {
  readonly type?: string;
  readonly properties?: Readonly<Record<string, StructuralSchema>>;
  readonly additionalProperties?: StructuralSchema | boolean;
  readonly items?: StructuralSchema;
  readonly nullable?: boolean;
  readonly default?: unknown;
  readonly required?: readonly string[];
  readonly format?: string;
  readonly allOf?: readonly StructuralSchema[];
  readonly anyOf?: readonly StructuralSchema[];
  readonly oneOf?: readonly StructuralSchema[];
  readonly not?: StructuralSchema;
  readonly 'x-kubernetes-int-or-string'?: boolean;
  readonly 'x-kubernetes-preserve-unknown-fields'?: boolean;
  readonly 'x-kubernetes-embedded-resource'?: boolean;
  readonly 'x-kubernetes-list-type'?: 'atomic' | 'set' | 'map';
  readonly 'x-kubernetes-list-map-keys'?: readonly string[];
  readonly 'x-kubernetes-validations'?: readonly CelValidationRule[];
  readonly [key: string]: unknown;
}

export interface CelValidationRule {
  readonly rule: string;
  readonly message?: string;
  readonly messageExpression?: string;
  readonly reason?: string;
  readonly fieldPath?: string;
}

interface VendoredCrds {
  readonly sources: readonly { readonly file: string; readonly source: string; readonly version: string; readonly license: string }[];
  readonly kinds: Readonly<Record<string, number>>;
  readonly scopes: Readonly<Record<string, string>>;
  readonly statusSubresource: readonly string[];
  readonly schemas: readonly unknown[];
}

const CRDS = vendored as unknown as VendoredCrds;

export const CRD_SOURCES = CRDS.sources;

/** `group/version/Kind` of an object's apiVersion and kind. */
export function schemaKey(apiVersion: string, kind: string): string {
  return `${apiVersion.includes('/') ? apiVersion : `/${apiVersion}`}/${kind}`;
}

/** The structural schema of a served group/version/kind, or undefined when no vendored CRD defines it. */
export function crdSchema(key: string): StructuralSchema | undefined {
  const index = Object.hasOwn(CRDS.kinds, key) ? CRDS.kinds[key] : undefined;
  return index === undefined ? undefined : (CRDS.schemas[index] as StructuralSchema);
}

const STATUS_SUBRESOURCE: ReadonlySet<string> = new Set(CRDS.statusSubresource);

/**
 * Whether the version serves the status subresource: then the API server ignores `status` on a create (it is
 * written through /status by controllers), so a manifest's status (a `kubectl get` dump has one) is not validated.
 */
export function hasStatusSubresource(key: string): boolean {
  return STATUS_SUBRESOURCE.has(key);
}

/** Whether the kind of a group is defined by a vendored CRD (at any version). */
export function isCrdKind(group: string, kind: string): boolean {
  return Object.hasOwn(CRDS.scopes, `${group}/${kind}`);
}

/** The groups whose kinds the vendored CRDs define. */
export const CRD_GROUPS: ReadonlySet<string> = new Set(Object.keys(CRDS.scopes).map((k) => k.slice(0, k.lastIndexOf('/'))));
