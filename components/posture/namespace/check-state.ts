// A checklist item's state in words (colour never carries it alone): what blocks the next phase is called out.
import type { PhaseCheckDto } from '@/lib/api/views/namespace';

export function checkStateText(check: Pick<PhaseCheckDto, 'state' | 'blocksNextPhase'>): string {
  switch (check.state) {
    case 'passed':
      return 'Passed';
    case 'failed':
      return check.blocksNextPhase ? 'Blocking' : 'Not met yet';
    case 'unknown':
      return check.blocksNextPhase ? 'Unknown (blocking)' : 'Unknown';
  }
}
