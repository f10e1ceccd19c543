// IP address syntax as Kubernetes' CEL library reads it (k8s.io/apiserver/pkg/cel/library/ip.go, isIP): IPv4 in
// dotted-quad form without leading zeros, or IPv6 (an embedded IPv4 tail allowed), no zone, no surrounding brackets.
const IPV4_OCTET = '(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])';
const IPV4 = new RegExp(`^${IPV4_OCTET}(\\.${IPV4_OCTET}){3}$`);
const HEXTET = /^[0-9a-fA-F]{1,4}$/;

export function isIPv4(text: string): boolean {
  return IPV4.test(text);
}

export function isIPv6(text: string): boolean {
  if (text.length > 45 || !text.includes(':')) return false;
  const halves = text.split('::');
  if (halves.length > 2) return false;
  const groups = (half: string): string[] | null => (half === '' ? [] : half.split(':'));
  const head = groups(halves[0] ?? '');
  const tail = halves.length === 2 ? groups(halves[1] ?? '') : [];
  if (!head || !tail) return false;
  const parts = [...head, ...tail];
  let width = parts.length;
  const last = parts[parts.length - 1];
  if (last !== undefined && last.includes('.')) {
    if (!isIPv4(last)) return false;
    parts.pop();
    width += 1; // an IPv4 tail fills two groups
  }
  if (!parts.every((p) => HEXTET.test(p))) return false;
  return halves.length === 2 ? width < 8 : width === 8;
}

export function isIP(text: string): boolean {
  return isIPv4(text) || isIPv6(text);
}
