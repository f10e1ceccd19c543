// The CEL environment of the Kubernetes API server's x-kubernetes-validations, on @bufbuild/cel (a CEL implementation
// tested against cel-spec's conformance suite; RE2 regular expressions, as in cel-go). It holds the standard library
// (has, all, exists, exists_one, filter, size, contains, startsWith, endsWith, matches, duration, int), the strings
// extension (split, substring, lowerAscii...) and the Kubernetes library functions the vendored CRDs' rules call that
// @bufbuild/cel lacks: isIP (k8s ip library), isURL, url and getScheme (k8s URLs library). Nothing else is added:
// `grep -h 'rule:' CRDs` lists every function the rules use (docs/conformance.md).
import { CelScalar, celEnv, celFunc, celMethod, isCelError, mapType, parse, plan, type CelEnv, type CelValue } from '@bufbuild/cel';
import { strings } from '@bufbuild/cel/ext';
import { isIP } from './ip-address';

const URL_TYPE = mapType(CelScalar.STRING, CelScalar.STRING);

/**
 * Go's url.ParseRequestURI, which the Kubernetes isURL/url functions use: an absolute URL (with a scheme) or an
 * absolute path. WHATWG URL parsing stands in for Go's; they agree on the scheme, the one part the rules read.
 */
function parseRequestUri(text: string): { scheme: string; host: string; path: string } | null {
  if (text.startsWith('/')) return { scheme: '', host: '', path: text };
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:/.test(text) || /\s/.test(text)) return null;
  try {
    const url = new URL(text);
    return { scheme: url.protocol.slice(0, -1).toLowerCase(), host: url.host, path: url.pathname };
  } catch {
    return null;
  }
}

/** A url() value: the URL's parts as a map (the rules only call getScheme on it). */
function urlValue(text: string): Map<string, string> {
  const parsed = parseRequestUri(text);
  if (!parsed) throw new Error(`URL parse error during conversion from string: ${text.slice(0, 100)}`);
  return new Map([['scheme', parsed.scheme], ['host', parsed.host], ['path', parsed.path]]);
}

export const KUBERNETES_CEL_FUNCTIONS = [
  celFunc('isIP', [CelScalar.STRING], CelScalar.BOOL, (text) => isIP(text)),
  celFunc('isURL', [CelScalar.STRING], CelScalar.BOOL, (text) => parseRequestUri(text) !== null),
  celFunc('url', [CelScalar.STRING], URL_TYPE, (text) => urlValue(text)),
  celMethod('getScheme', URL_TYPE, [], CelScalar.STRING, function getScheme() {
    const scheme = this.get('scheme');
    return typeof scheme === 'string' ? scheme : '';
  }),
];

let env: CelEnv | undefined;

function kubernetesEnv(): CelEnv {
  env ??= celEnv({ funcs: [...strings, ...KUBERNETES_CEL_FUNCTIONS] });
  return env;
}

export type CelOutcome = { readonly ok: true; readonly value: CelValue } | { readonly ok: false; readonly error: string };

/** A rule compiled once; evaluated with `self` bound (values converted to CEL's types: see toCelValue). */
export type CompiledRule = (self: unknown) => CelOutcome;

const compiledRules = new Map<string, CompiledRule>();

/** The rule compiled, once per process for each rule text (the CRDs repeat rules, e.g. duration checks). */
export function compileRule(rule: string): CompiledRule {
  let compiled = compiledRules.get(rule);
  if (!compiled) {
    compiled = planRule(rule);
    compiledRules.set(rule, compiled);
  }
  return compiled;
}

function planRule(rule: string): CompiledRule {
  const program = plan(kubernetesEnv(), parse(rule));
  return (self) => {
    try {
      const value = program({ self: self as never });
      return isCelError(value) ? { ok: false, error: value.message } : { ok: true, value };
    } catch (e) {
      return { ok: false, error: e instanceof Error ? e.message : String(e) };
    }
  };
}
