// Reads manifests from a file or a directory (recursively): multi-document YAML, JSON, `kind: List`, and Envoy
// proxy dumps, as `kubectl get -o yaml|json` and `istioctl proxy-config` write them. Nothing here interprets
// Istio semantics; a file that cannot be read becomes an issue naming it, and every other file is still read.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { SourceDocument } from '@/lib/snapshot/build-snapshot';
import type { CollectionIssue, ProxyCertificates } from '@/lib/snapshot/types';
import { readProxyCertificatesDocument } from '../proxy-certs/read-proxy-document';
import { listManifestFiles, MANIFEST_EXTENSIONS } from './list-manifest-files';
import { decodeYamlDocuments, splitJsonList } from './yaml-documents';
import { errorLine } from './error-line';

/** A single manifest file larger than this is refused (a cluster dump of 50,000 pods is ~200 MiB of YAML). */
export const MAX_FILE_BYTES = 512 * 1024 * 1024;

export interface ManifestReading {
  readonly documents: SourceDocument[];
  readonly proxyCertificates: ProxyCertificates[];
  readonly issues: CollectionIssue[];
  readonly files: readonly string[];
}

/** Decodes one file into documents with their 1-based line (YAML: merge keys, duplicate keys, List items; yaml-documents.ts). */
export function decodeManifestText(text: string, file: string, issues: CollectionIssue[]): { raw: unknown; line: number }[] {
  if (file.toLowerCase().endsWith('.json')) {
    try {
      return splitJsonList(JSON.parse(text) as unknown, text, file, issues);
    } catch (e) {
      issues.push({ file, reason: `not valid JSON: ${errorLine(e)}` });
      return [];
    }
  }
  return decodeYamlDocuments(text, file, issues);
}

/**
 * @param displayRoot paths in issues and locations are shown relative to this folder.
 * @param readAt when the files were read (RFC 3339), dating proxy dumps that carry no time of their own.
 */
export async function readManifests(source: string, options: { readAt: string; displayRoot?: string }): Promise<ManifestReading> {
  const issues: CollectionIssue[] = [];
  const documents: SourceDocument[] = [];
  const proxyCertificates: ProxyCertificates[] = [];
  const display = (f: string) => path.relative(options.displayRoot ?? process.cwd(), f) || path.basename(f);
  const files = await listManifestFiles(source, issues, display);
  for (const file of files) {
    const shown = display(file);
    let text: string;
    try {
      const info = await stat(file);
      if (info.size > MAX_FILE_BYTES) {
        issues.push({ file: shown, reason: `file is ${info.size} bytes, over the ${MAX_FILE_BYTES}-byte limit: not read` });
        continue;
      }
      text = await readFile(file, 'utf8');
    } catch (e) {
      issues.push({ file: shown, reason: `cannot read file: ${errorLine(e)}` });
      continue;
    }
    for (const { raw, line } of decodeManifestText(text, shown, issues)) {
      const location = { file: shown, line };
      const proxy = readProxyCertificatesDocument(raw, { fallbackAsOf: options.readAt, location: `${shown}:${line}` });
      if (proxy === null) documents.push({ raw, location });
      else if (proxy.ok) proxyCertificates.push(proxy.value);
      else issues.push({ file: shown, line, kind: 'ProxyCertificates', reason: proxy.reason });
    }
  }
  if (files.length === 0) issues.push({ file: display(source), reason: `no ${MANIFEST_EXTENSIONS.join(', ')} files found` });
  return { documents, proxyCertificates, issues, files: files.map(display) };
}
