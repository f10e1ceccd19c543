// Which navigation entry is the current page: exactly one view's own pages, and none on a namespace or pod page
// (issue #16: the overview used to be marked current on a pod page).
import { describe, expect, it } from 'vitest';
import { isCurrent, VIEWS } from './main-nav';

const current = (pathname: string) => VIEWS.filter((v) => isCurrent(pathname, v.href)).map((v) => v.label);

describe('isCurrent', () => {
  it.each([
    ['/', ['Overview']],
    ['/migration', ['Migration']],
    ['/traffic', ['Traffic']],
    ['/namespaces/shop', []],
    ['/namespaces/shop/pods/web-1', []],
    ['/can-i', ['Can I?']],
    ['/history', ['History']],
    ['/historyx', []],
  ])('%s → %j', (pathname, labels) => {
    expect(current(pathname)).toEqual(labels);
  });
});
