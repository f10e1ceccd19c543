import { describe, expect, it } from 'vitest';
import { aSnapshot } from '@/test/builders';
import { unreadableLogger, unreadableSummary } from './unreadable-summary';

const issues = (n: number, kind?: string) => Array.from({ length: n }, (_, i) => ({ ...(kind ? { kind } : {}), object: `${kind}/x/${i}`, reason: 'bad' }));

describe('the server log line about unreadable input', () => {
  it('counts per kind, largest first, without any object text', () => {
    const s = aSnapshot({ issues: [...issues(3, 'PeerAuthentication'), ...issues(1), ...issues(99_996, 'Pod\u001b[2J')] });
    expect(unreadableSummary(s)).toBe('mesh-posture: 100000 objects or files could not be read (Pod?[2J 99996, PeerAuthentication 3, (no kind) 1); they are in no verdict, see /issues');
    expect(unreadableSummary(aSnapshot())).toBeNull();
    // A kind the engine knowingly skips (info) is no unread object.
    expect(unreadableSummary(aSnapshot({ issues: [{ kind: 'Certificate', level: 'info', reason: 'not read by Mesh Posture' }] }))).toBeNull();
  });

  it('a live source logs once per change of the count, not once per snapshot', () => {
    const lines: string[] = [];
    const log = unreadableLogger((l) => lines.push(l));
    for (const n of [0, 2, 2, 2, 5, 0, 0]) log(aSnapshot({ issues: issues(n, 'Pod') }));
    expect(lines).toEqual([
      'mesh-posture: 2 objects or files could not be read (Pod 2); they are in no verdict, see /issues',
      'mesh-posture: 5 objects or files could not be read (Pod 5); they are in no verdict, see /issues',
      'mesh-posture: every object and file is readable again',
    ]);
  });
});
