// Verify commands for findings. Every value that comes from the cluster is hostile (ARCHITECTURE §5): a name is
// interpolated only after it passed the Kubernetes name pattern, and then inside single quotes; a command with a
// value that does not pass is left out rather than printed unsafely.

/** DNS-1123 subdomain (pod, policy and Service names; namespaces are the stricter DNS-1123 label, also matched). */
const DNS_1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** A label key (optional DNS prefix and `/`) and a label value, as Kubernetes validates them. */
const LABEL_KEY = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

export function isDns1123Name(value: string): boolean {
  return value.length > 0 && value.length <= 253 && DNS_1123_SUBDOMAIN.test(value);
}

/** A value that may be placed in a command: a validated name (quoted) or a port number (bare). */
export type ShellArg = string | number | LabelSelectorArg | UrlArg;

/** `http://<host>:<port>/`, valid only when the host is a DNS name. */
export interface UrlArg {
  readonly host: string;
  readonly port: number;
}

/** A `k=v,k2=v2` selector for `kubectl -l`, valid only when every key and value is. */
export interface LabelSelectorArg {
  readonly selector: Readonly<Record<string, string>>;
}

function quoteArg(arg: ShellArg): string | null {
  if (typeof arg === 'number') return Number.isInteger(arg) && arg >= 0 && arg <= 65535 ? String(arg) : null;
  if (typeof arg === 'string') return isDns1123Name(arg) ? `'${arg}'` : null;
  if ('host' in arg) {
    const port = quoteArg(arg.port);
    return isDns1123Name(arg.host) && port !== null ? `'http://${arg.host}:${port}/'` : null;
  }
  const entries = Object.entries(arg.selector);
  if (entries.length === 0) return null;
  for (const [k, v] of entries) {
    if (k.length > 316 || !LABEL_KEY.test(k) || v.length > 63 || !LABEL_VALUE.test(v)) return null;
  }
  return `'${entries.map(([k, v]) => `${k}=${v}`).join(',')}'`;
}

/**
 * Tagged template for one command line: static text is written as is, interpolated values are validated and quoted.
 * Returns null when any value is not a safe name, so the caller drops the command.
 */
export function sh(strings: TemplateStringsArray, ...args: readonly ShellArg[]): string | null {
  let out = strings[0] ?? '';
  for (let i = 0; i < args.length; i++) {
    const quoted = quoteArg(args[i]!);
    if (quoted === null) return null;
    out += quoted + (strings[i + 1] ?? '');
  }
  return out;
}

/** The commands that could be built safely, without duplicates, in order. */
export function commands(...list: readonly (string | null | undefined)[]): string[] {
  const out: string[] = [];
  for (const c of list) if (c && !out.includes(c)) out.push(c);
  return out;
}

export const labels = (selector: Readonly<Record<string, string>>): LabelSelectorArg => ({ selector });

export const httpUrl = (host: string, port: number): UrlArg => ({ host, port });
