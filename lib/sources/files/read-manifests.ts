// Reads manifests from a file or a directory (recursively): multi-document YAML, JSON, `kind: List`, and Envoy
// proxy dumps, as `kubectl get -o yaml|json` and `istioctl proxy-config` write them. Nothing here interprets
// Istio semantics; a file that cannot be read becomes an issue naming it, and every other file is still read.
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { SourceDocument } from '@/lib/snapshot/build-snapshot';
import type { CollectionIssue, ProxyCertificates } from '@/lib/snapshot/types';
import { readProxyCertificatesDocument } from '../proxy-certs/read-proxy-document';
import { decodeYamlDocuments, splitJsonList } from './yaml-documents';

export const MANIFEST_EXTENSIONS = ['.yaml', '.yml', '.json'] as const;
/** A single manifest file larger than this is refused (a cluster dump of 50,000 pods is ~200 MiB of YAML). */
export const MAX_FILE_BYTES = 512 * 1024 * 1024;
const MAX_DEPTH = 16;

export interface ManifestReading {
  readonly documents: SourceDocument[];
  readonly proxyCertificates: ProxyCertificates[];
  readonly issues: CollectionIssue[];
  readonly files: readonly string[];
}

async function listFiles(root: string, issues: CollectionIssue[]): Promise<string[]> {
  const info = await stat(root);
  if (info.isFile()) return [root];
  const out: string[] = [];
  const walk = async (dir: string, depth: number) => {
    if (depth > MAX_DEPTH) {
      issues.push({ file: dir, reason: `directory nesting deeper than ${MAX_DEPTH} levels: not read` });
      return;
    }
    const entries = await readdir(dir, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (e.name.startsWith('.') || e.name === 'node_modules') continue;
      const full = path.join(dir, e.name);
      // A ConfigMap mounted as a volume presents its keys as symlinks: follow them (the depth bound stops loops).
      const kind = e.isSymbolicLink() ? await stat(full).catch(() => null) : e;
      if (!kind) continue;
      if (kind.isDirectory()) await walk(full, depth + 1);
      else if (kind.isFile() && MANIFEST_EXTENSIONS.some((ext) => e.name.toLowerCase().endsWith(ext))) out.push(full);
    }
  };
  await walk(root, 0);
  return out;
}

function firstLine(message: string): string {
  return message.split('\n')[0]?.slice(0, 300) ?? message;
}

/** Decodes one file into documents with their 1-based line (YAML: merge keys, duplicate keys, List items; yaml-documents.ts). */
export function decodeManifestText(text: string, file: string, issues: CollectionIssue[]): { raw: unknown; line: number }[] {
  if (file.toLowerCase().endsWith('.json')) {
    try {
      return splitJsonList(JSON.parse(text) as unknown, text);
    } catch (e) {
      issues.push({ file, reason: `not valid JSON: ${firstLine(e instanceof Error ? e.message : String(e))}` });
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
  const files = await listFiles(source, issues);
  const display = (f: string) => path.relative(options.displayRoot ?? process.cwd(), f) || path.basename(f);
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
      issues.push({ file: shown, reason: `cannot read file: ${firstLine(e instanceof Error ? e.message : String(e))}` });
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
