// Turns CustomResourceDefinition YAML (istio/api's customresourcedefinitions.gen.yaml, Gateway API's standard
// channel) into the compact form lib/snapshot/validation reads: for each served version, its structural schema
// (descriptions dropped, everything the API server enforces kept), keyed by group/version/kind, identical schemas
// stored once. Pure: file texts in, JSON text out, so the test can check the vendored copy against the corpus.
import { parseAllDocuments } from 'yaml';

export interface CrdFile {
  readonly name: string;
  readonly text: string;
}

/** Where each input file comes from (recorded in the output; ../shared/corpus/crds/SOURCES.md). */
export interface CrdProvenance {
  readonly file: string;
  readonly source: string;
  readonly version: string;
  readonly license: string;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

function isObject(value: Json | undefined): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

const SCHEMA_LISTS = new Set(['allOf', 'anyOf', 'oneOf']);
const SCHEMA_ONE = new Set(['items', 'not', 'additionalProperties']);

/** The schema without documentation (description, example): what validation needs. Keys sorted for a stable output. */
export function compactSchema(schema: Json): Json {
  if (!isObject(schema)) return schema;
  const out: JsonObject = {};
  for (const key of Object.keys(schema).sort()) {
    const value = schema[key] as Json;
    if (key === 'description' || key === 'example') continue;
    if (key === 'properties' && isObject(value)) {
      const props: JsonObject = {};
      for (const name of Object.keys(value).sort()) props[name] = compactSchema(value[name] as Json);
      out[key] = props;
    } else if (SCHEMA_LISTS.has(key) && Array.isArray(value)) {
      out[key] = value.map(compactSchema);
    } else if (SCHEMA_ONE.has(key) && isObject(value)) {
      out[key] = compactSchema(value);
    } else {
      out[key] = value;
    }
  }
  return out;
}

export interface CompactCrds {
  readonly sources: readonly CrdProvenance[];
  /** `group/version/Kind` → index in schemas. */
  readonly kinds: Record<string, number>;
  /** `group/Kind` → Namespaced | Cluster. */
  readonly scopes: Record<string, string>;
  /** `group/version/Kind` of the versions with the status subresource (their status is ignored on a create). */
  readonly statusSubresource: string[];
  readonly schemas: Json[];
}

export function compactCrds(files: readonly CrdFile[], sources: readonly CrdProvenance[]): CompactCrds {
  const kinds: Record<string, number> = {};
  const scopes: Record<string, string> = {};
  const statusSubresource: string[] = [];
  const schemas: Json[] = [];
  const indexOf = new Map<string, number>();
  for (const file of [...files].sort((a, b) => a.name.localeCompare(b.name))) {
    for (const doc of parseAllDocuments(file.text)) {
      const crd = doc.toJS() as Json;
      if (!isObject(crd) || crd['kind'] !== 'CustomResourceDefinition' || !isObject(crd['spec'])) continue;
      const spec = crd['spec'];
      const names = spec['names'];
      const group = spec['group'];
      if (!isObject(names) || typeof names['kind'] !== 'string' || typeof group !== 'string' || !Array.isArray(spec['versions'])) continue;
      scopes[`${group}/${names['kind']}`] = String(spec['scope']);
      for (const version of spec['versions']) {
        if (!isObject(version) || version['served'] !== true || !isObject(version['schema'])) continue;
        const schema = compactSchema(version['schema']['openAPIV3Schema'] ?? null);
        const text = JSON.stringify(schema);
        let index = indexOf.get(text);
        if (index === undefined) {
          index = schemas.length;
          schemas.push(schema);
          indexOf.set(text, index);
        }
        const key = `${group}/${String(version['name'])}/${names['kind']}`;
        kinds[key] = index;
        const subresources = version['subresources'];
        if (isObject(subresources) && isObject(subresources['status'])) statusSubresource.push(key);
      }
    }
  }
  return { sources, kinds, scopes, statusSubresource, schemas };
}

/** The vendored file's text (one schema a line, so a diff of a CRD update stays readable). */
export function renderCompactCrds(crds: CompactCrds): string {
  const lines = [
    '{',
    `"generatedBy": ${JSON.stringify('scripts/generate-crd-schemas.ts from ../shared/corpus/crds (do not edit; see CRD-SOURCES.md)')},`,
    `"sources": ${JSON.stringify(crds.sources)},`,
    `"kinds": ${JSON.stringify(crds.kinds)},`,
    `"scopes": ${JSON.stringify(crds.scopes)},`,
    `"statusSubresource": ${JSON.stringify(crds.statusSubresource)},`,
    '"schemas": [',
    crds.schemas.map((s) => JSON.stringify(s)).join(',\n'),
    ']',
    '}',
    '',
  ];
  return lines.join('\n');
}

export const CRD_PROVENANCE: readonly CrdProvenance[] = [
  { file: 'istio-crds.gen.yaml', source: 'github.com/istio/api kubernetes/customresourcedefinitions.gen.yaml', version: 'commit b8f8791d9653b2edc77a071d48887e582cfe84bf (2026-07-21)', license: 'Apache-2.0' },
  { file: 'gateway-api-*.yaml', source: 'github.com/kubernetes-sigs/gateway-api config/crd/standard/', version: 'v1.6.1 (standard channel)', license: 'Apache-2.0' },
];
