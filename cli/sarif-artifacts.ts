// Where SARIF results point: code scanning resolves a relative URI against the repository root, so each location's
// file is written relative to --base-dir (default: the current directory). A file outside it gets an absolute file:
// URI, never a "../" path that code scanning would resolve outside the repository.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { artifactUri } from '@/lib/report/render/sarif';

/**
 * @param baseDir the folder URIs are relative to (absolute).
 * @param shownFrom the folder the source's file paths are relative to: files are shown relative to the process's
 *   working directory (lib/sources/files/load-files-snapshot.ts).
 */
export function sarifArtifactUri(baseDir: string, shownFrom: string): (file: string) => string {
  return (file) => {
    const absolute = path.resolve(shownFrom, file);
    const relative = path.relative(baseDir, absolute);
    if (relative === '' || relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative)) return pathToFileURL(absolute).href;
    return artifactUri(relative);
  };
}
