// Lists the manifest files of a source folder, recursively, in name order. A folder is a user's repository or a
// mounted volume, so it can hold anything: symlinks (a ConfigMap volume presents its keys as symlinks, so they are
// followed), symlink loops, folders that cannot be read, FIFOs and sockets. Each of those becomes one issue naming it,
// and every other file is still listed: one bad folder never loses the rest of the mesh.
import type { Dirent, Stats } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { CollectionIssue } from '@/lib/snapshot/types';
import { errorLine } from './error-line';

export const MANIFEST_EXTENSIONS = ['.yaml', '.yml', '.json'] as const;
const MAX_DEPTH = 16;

export const isManifestName = (name: string): boolean => MANIFEST_EXTENSIONS.some((ext) => name.toLowerCase().endsWith(ext));

/** A folder's identity whatever path reaches it (device and inode), so a loop is found however the links are spelt. */
const folderKey = (s: Stats): string => `${s.dev}:${s.ino}`;

function specialFileKind(s: Stats | Dirent): string {
  if (s.isFIFO()) return 'a named pipe (FIFO)';
  if (s.isSocket()) return 'a socket';
  if (s.isCharacterDevice() || s.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

/**
 * @param root a file (listed as it is) or a folder; a root that cannot be read at all throws (nothing to show).
 * @param display how a path is named in issues (relative to the folder the user named).
 */
export async function listManifestFiles(root: string, issues: CollectionIssue[], display: (p: string) => string): Promise<string[]> {
  const info = await stat(root);
  if (info.isFile()) return [root];
  const out: string[] = [];
  /** Folders already read, by identity, with the path they were read at. */
  const read = new Map<string, string>([[folderKey(info), root]]);

  const walk = async (dir: string, depth: number, ancestors: ReadonlySet<string>): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (e) {
      issues.push({ file: display(dir), reason: `cannot read folder: ${errorLine(e)}; the rest of the source is still read` });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (e.name.startsWith('.') || e.name === 'node_modules') continue;
      const full = path.join(dir, e.name);
      // A symlink is judged by what it points at; anything else by its directory entry.
      let target: Stats | Dirent = e;
      if (e.isSymbolicLink()) {
        try {
          target = await stat(full);
        } catch (err) {
          if (isManifestName(e.name)) issues.push({ file: display(full), reason: `broken symbolic link: ${errorLine(err)}` });
          continue;
        }
      }
      if (target.isFile()) {
        if (isManifestName(e.name)) out.push(full);
      } else if (!target.isDirectory()) {
        // Reading a FIFO would block forever and a device is no manifest: named, never opened.
        issues.push({ file: display(full), reason: `${specialFileKind(target)}: not read` });
      } else {
        const s = 'ino' in target ? target : await stat(full).catch(() => null);
        if (!s) {
          issues.push({ file: display(full), reason: 'folder vanished while it was read: not read' });
          continue;
        }
        const key = folderKey(s);
        if (ancestors.has(key)) {
          issues.push({ file: display(full), reason: `symbolic link loop: leads back to ${display(read.get(key) ?? dir)}; not followed` });
          continue;
        }
        const seenAt = read.get(key);
        if (seenAt !== undefined) {
          issues.push({ file: display(full), reason: `same folder as ${display(seenAt)}, already read; not read twice` });
          continue;
        }
        if (depth + 1 > MAX_DEPTH) {
          issues.push({ file: display(full), reason: `folder nesting deeper than ${MAX_DEPTH} levels: not read` });
          continue;
        }
        read.set(key, full);
        await walk(full, depth + 1, new Set([...ancestors, key]));
      }
    }
  };
  await walk(root, 0, new Set([folderKey(info)]));
  return out;
}
