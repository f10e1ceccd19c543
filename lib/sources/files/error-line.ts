// How a reading error appears in an issue: its first line, bounded (parser and file-system messages can be long or
// carry a code frame that repeats the hostile input).
export function errorLine(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  return message.split('\n')[0]?.slice(0, 300) ?? message;
}
