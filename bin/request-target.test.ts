// Issue #15 item 4: request targets Next.js cannot parse answered 500 with a stack trace per request.
import { describe, expect, it } from 'vitest';
import { loggableTarget, requestTargetProblem } from './request-target.mjs';

describe('requestTargetProblem', () => {
  it.each([
    ['*', 'the request target must be a path (origin-form, RFC 9112 §3.2.1)'],
    ['http://127.0.0.1:3000/api/v1/overview', 'the request target must be a path (origin-form, RFC 9112 §3.2.1)'],
    ['//evil.example/x', 'the request target must be a path (origin-form, RFC 9112 §3.2.1)'],
    ['', 'the request target must be a path (origin-form, RFC 9112 §3.2.1)'],
    ['/namespaces/%E0%A4%A', 'the path has a malformed percent-encoding'],
    ['/api/v1/namespaces/shop/pods/%', 'the path has a malformed percent-encoding'],
    ['/namespaces/%zz?x=1', 'the path has a malformed percent-encoding'],
  ])('%j → %s', (target, problem) => {
    expect(requestTargetProblem(target)).toBe(problem);
  });

  it.each(['/', '/namespaces/shop', '/namespaces/%E2%9C%93', '/api/v1/overview?q=%zz', '/login#%', '/_next/static/chunks/a.js'])('%j is served', (target) => {
    expect(requestTargetProblem(target)).toBeNull();
  });

  it('logs the target as bounded printable ASCII', () => {
    expect(loggableTarget(`/\u001b[2J\u009b${'a'.repeat(300)}`)).toBe(`/?[2J?${'a'.repeat(194)}…`);
  });
});
