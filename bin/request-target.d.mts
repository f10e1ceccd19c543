/** Why a request target cannot be served, or null when it can. */
export function requestTargetProblem(target: string | undefined): string | null;
/** The target as it may appear in a log line: printable ASCII only, bounded. */
export function loggableTarget(target: string | undefined): string;
