// One cause of a recorded change as a line of text ("PeerAuthentication shop/relax added"): shared by the History view
// (through lib/api/views/history) and the CLI's `history` verb, which must not load the view's react-query code.
import type { ChangeCause } from './history-types';

export function causeText(c: ChangeCause): string {
  return `${c.kind} ${c.namespace ? `${c.namespace}/` : ''}${c.name} ${c.change}`;
}
