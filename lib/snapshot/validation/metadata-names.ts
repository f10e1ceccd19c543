// Object names, namespaces and labels as the API server checks them (k8s.io/apimachinery/pkg/util/validation and
// pkg/apis/core/validation): most kinds (Pods, ConfigMaps, ServiceAccounts, workload controllers, every custom
// resource) are named by a DNS-1123 subdomain; a Namespace by a DNS-1123 label, and so is every namespace field; a
// Service by a DNS-1035 label (it becomes a DNS name). Label keys are qualified names, label values at most 63
// characters of [A-Za-z0-9-_.] starting and ending alphanumeric. Annotations are not checked (no syntax of theirs
// matters to the engine). Every message quotes the hostile value through JSON.stringify, bounded.
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

export type NameRule = 'dns1123-subdomain' | 'dns1123-label' | 'dns1035-label';

const NAME_RULES: Readonly<Record<NameRule, { readonly pattern: RegExp; readonly max: number; readonly what: string }>> = {
  'dns1123-subdomain': { pattern: DNS1123_SUBDOMAIN, max: 253, what: "a lowercase RFC 1123 subdomain (lowercase alphanumerics, '-' or '.', starting and ending alphanumeric)" },
  'dns1123-label': { pattern: DNS1123_LABEL, max: 63, what: "a lowercase RFC 1123 label (lowercase alphanumerics or '-', starting and ending alphanumeric)" },
  'dns1035-label': { pattern: DNS1035_LABEL, max: 63, what: "an RFC 1035 label (lowercase alphanumerics or '-', starting with a letter, ending alphanumeric)" },
};

/** Which rule names an object of this core/apps kind; custom resources and everything else: a DNS-1123 subdomain. */
export function nameRuleOf(group: string, kind: string): NameRule {
  if (group === '' && kind === 'Namespace') return 'dns1123-label';
  if (group === '' && kind === 'Service') return 'dns1035-label';
  return 'dns1123-subdomain';
}

export function show(value: string): string {
  return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
}

/** Why `value` is not a valid name under `rule`; null when it is. */
export function nameProblem(value: string, rule: NameRule): string | null {
  const spec = NAME_RULES[rule];
  if (value.length > spec.max) return `${show(value)} is longer than ${spec.max} characters`;
  if (!spec.pattern.test(value)) return `${show(value)} is not ${spec.what}`;
  return null;
}

function qualifiedNameProblem(key: string): string | null {
  const slash = key.indexOf('/');
  const prefix = slash < 0 ? null : key.slice(0, slash);
  const name = slash < 0 ? key : key.slice(slash + 1);
  if (prefix !== null && (prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix))) return `key ${show(key)}: its prefix is not a DNS subdomain`;
  if (name.length > 63 || !QUALIFIED_NAME.test(name)) return `key ${show(key)}: not a qualified name (at most 63 of [A-Za-z0-9-_.], starting and ending alphanumeric)`;
  return null;
}

/** Why the labels are invalid (the first problem); null when they are all valid or there are none. */
export function labelsProblem(labels: unknown): string | null {
  if (labels === undefined || labels === null) return null;
  if (typeof labels !== 'object' || Array.isArray(labels)) return 'not a map of strings';
  for (const [key, value] of Object.entries(labels)) {
    const keyProblem = qualifiedNameProblem(key);
    if (keyProblem) return keyProblem;
    if (typeof value !== 'string') return `value of ${show(key)}: not a string`;
    if (value.length > 63 || !LABEL_VALUE.test(value)) return `value of ${show(key)}: ${show(value)} is not a valid label value (at most 63 of [A-Za-z0-9-_.], starting and ending alphanumeric)`;
  }
  return null;
}
