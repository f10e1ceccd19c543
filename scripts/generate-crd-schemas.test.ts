// The vendored CRD schemas are exactly what the generator makes of the CRDs in ../shared/corpus/crds (the copies
// their provenance names), so the file in the repository is never edited by hand nor stale.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CRD_DIR, VENDORED_CRDS, generateCrdSchemas } from './generate-crd-schemas';
import { compactSchema } from './crd-schemas/compact-crds';

describe('generate-crd-schemas', () => {
  // ../shared sits beside the project on every developer machine and on CI.
  it('the vendored crd-schemas.gen.json equals what the script generates from the corpus', () => {
    expect(readFileSync(VENDORED_CRDS, 'utf8') === generateCrdSchemas(DEFAULT_CRD_DIR)).toBe(true);
  });

  it('keeps what validation reads and drops documentation, also under a property named "description"', () => {
    const schema = {
      type: 'object',
      description: 'dropped',
      properties: { description: { type: 'string', description: 'dropped too', maxLength: 3 } },
      'x-kubernetes-validations': [{ rule: 'true', message: 'kept' }],
    };
    expect(compactSchema(schema)).toEqual({
      properties: { description: { maxLength: 3, type: 'string' } },
      type: 'object',
      'x-kubernetes-validations': [{ rule: 'true', message: 'kept' }],
    });
  });
});
