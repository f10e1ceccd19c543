// SARIF file locations relative to --base-dir (code scanning resolves them against the repository root), never "../".
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sarifArtifactUri } from './sarif-artifacts';

const repo = path.resolve('/work/repo');

describe('SARIF artifact URIs', () => {
  it.each([
    ['a file below the base folder, shown from it', repo, repo, 'manifests/shop.yaml', 'manifests/shop.yaml'],
    ['a file shown from a subfolder (the command ran in manifests/)', repo, path.join(repo, 'manifests'), 'shop.yaml', 'manifests/shop.yaml'],
    ['a file whose name needs escaping', repo, repo, 'manifests/mesh config #1.yaml', 'manifests/mesh%20config%20%231.yaml'],
    ['a file outside the base folder', path.join(repo, 'deploy'), repo, 'manifests/shop.yaml', pathToFileURL(path.join(repo, 'manifests/shop.yaml')).href],
    ['a file shown with ../ from the working directory', repo, path.join(repo, 'tools'), '../manifests/shop.yaml', 'manifests/shop.yaml'],
  ])('%s', (_, baseDir, shownFrom, file, uri) => {
    const result = sarifArtifactUri(baseDir, shownFrom)(file);
    expect(result).toBe(uri);
    expect(result.startsWith('..')).toBe(false);
  });
});
