export interface CliIo {
  readonly stdout: { write(chunk: string): unknown };
  readonly stderr: { write(chunk: string): unknown };
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

/** Exit codes: 0 success, 1 a `check` bar not met, 2 usage error or unreadable input. */
export const EXIT = { ok: 0, failedBar: 1, usage: 2 } as const;

export class UsageError extends Error {
  override readonly name = 'UsageError';
}
