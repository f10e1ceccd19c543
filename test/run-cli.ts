// Runs the mesh-posture command in-process, as the tests of each verb do: captured output, a fixed clock.
import path from 'node:path';
import { main } from '@/cli/main';

export const SMALL_MESH = path.resolve(import.meta.dirname, 'fixtures/small-mesh');
export const CLI_NOW = '2026-06-01T12:00:00Z';

export async function runCli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(
    argv,
    { stdout: { write: (s: string) => (stdout += s) }, stderr: { write: (s: string) => (stderr += s) }, env: {}, cwd: process.cwd() },
    () => new Date(CLI_NOW),
  );
  return { code, stdout, stderr };
}
