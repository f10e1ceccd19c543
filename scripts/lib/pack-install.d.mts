export declare const REPO_ROOT: string;
export interface PackedAndInstalled {
  /** The temporary folder holding the tarball and the prefix. */
  readonly dir: string;
  readonly tarball: string;
  /** The tarball's files, sorted. */
  readonly files: string[];
  readonly prefix: string;
  /** The installed command: PREFIX/bin/mesh-posture. */
  readonly bin: string;
  readonly packageDir: string;
}
/** `npm pack` of the repository, then `npm install --global --omit=dev` of the tarball into a fresh prefix. */
export declare function packAndInstall(options?: { dir?: string }): PackedAndInstalled;
