// Where object ids link to: pod and namespace pages only, every segment URL-encoded, anything else plain text.
import { describe, expect, it } from 'vitest';
import { objectHref, phaseName } from './namespace';

describe('objectHref', () => {
  it.each([
    ['Pod/payments/ledger-0', '/namespaces/payments/pods/ledger-0'],
    ['Namespace/legacy-batch', '/namespaces/legacy-batch'],
    ['Pod/a b/c?d#e', '/namespaces/a%20b/pods/c%3Fd%23e'],
    ['AuthorizationPolicy/payments/allow-ledger', null],
    ['Deployment/shop/web', null],
    ['Pod/payments', null],
    ['Pod/payments/ledger-0/extra', null],
    ['Namespace/x/y', null],
    ['', null],
  ])('%s → %s', (id, href) => {
    expect(objectHref(id)).toBe(href);
  });
});

describe('phaseName', () => {
  it('names the five phases and says unknown for anything else', () => {
    expect([0, 1, 2, 3, 4, 5].map(phaseName)).toEqual(['Not in the mesh', 'Observe', 'Enable gradually', 'Enforce', 'Optimise continuously', 'unknown']);
  });
});
