import { parseArgs } from 'node:util';
import { canI, CanIQueryError, type PodRef } from '@/lib/mesh/can-i';
import type { JwtPresented } from '@/lib/mesh/authz';
import { buildMeshIndex } from '@/lib/mesh/mesh-index';
import { parseNow, pickFormat, requireSource, SOURCE_OPTIONS } from '../common-options';
import { EXIT, UsageError, type CliIo } from '../io';
import { loadForCli } from '../load';
import { toRfc3339Seconds } from '@/lib/snapshot/rfc3339';
import { terminalSafe } from '../terminal-text';

export const CAN_I_USAGE = `Usage: mesh-posture can-i --source SRC --to NS/POD --port CONTAINER_PORT
         [--from NS/POD | --from-outside] [--service NS/NAME]
         [--method M] [--path P] [--host H] [--header 'name: value']...
         [--jwt '<claims JSON>' | --jwt-invalid] [--format text|json] [--now RFC3339]

Answers whether that request goes through, as the server's proxy decides it: the connection
(mTLS, DestinationRule, ambient) and then the request (RequestAuthentication, AuthorizationPolicy).

  --to NS/POD        the server pod;  --port  its container port (not the Service port)
  --from NS/POD      the client pod; default: a client outside the mesh (no dataplane, no identity)
  --service NS/NAME  the Service dialled; default: the one selecting the pod with a port targeting
                     that container port (none: the pod IP is dialled, no DestinationRule applies)
  --jwt JSON         a token whose signature verifies, with these claims (iss, sub, aud, exp, nbf...)
  --jwt-invalid      a token that fails verification
  --format F         text (default) or json: {"outcome","reason","policies","mtls","hops",...}

Each hop (client ztunnel or sidecar, waypoint, destination ztunnel or sidecar) is listed with the
identity it sees and its verdict: an ambient Service enrolled with a waypoint (istio.io/use-waypoint)
is decided first at the waypoint (targetRefs policies, L7), then at the destination ztunnel (L4).

Outcomes: allowed, denied (403 or reset), unauthenticated (401), connection-failed, unknown
(the data that decides it could not be read). Exit status: 0 when answered, 2 on a usage error.
`;

const OPTIONS = {
  ...SOURCE_OPTIONS,
  to: { type: 'string' },
  from: { type: 'string' },
  'from-outside': { type: 'boolean' },
  service: { type: 'string' },
  port: { type: 'string' },
  method: { type: 'string' },
  path: { type: 'string' },
  host: { type: 'string' },
  header: { type: 'string', multiple: true },
  jwt: { type: 'string' },
  'jwt-invalid': { type: 'boolean' },
} as const;

function podRef(flag: string, value: string | undefined): PodRef {
  const m = value?.match(/^([a-z0-9]([-a-z0-9]*[a-z0-9])?)\/([a-z0-9]([-.a-z0-9]*[a-z0-9])?)$/);
  if (!m) throw new UsageError(`--${flag}: expected NAMESPACE/NAME, got ${JSON.stringify((value ?? '').slice(0, 80))}`);
  return { namespace: m[1]!, pod: m[3]! };
}

function parseJwt(claims: string | undefined, invalid: boolean | undefined): JwtPresented {
  if (claims !== undefined && invalid) throw new UsageError('--jwt and --jwt-invalid are mutually exclusive');
  if (invalid) return { state: 'invalid' };
  if (claims === undefined) return { state: 'none' };
  let parsed: unknown;
  try {
    parsed = JSON.parse(claims);
  } catch {
    throw new UsageError('--jwt: expected a JSON object of claims, e.g. \'{"iss":"https://issuer","sub":"alice"}\'');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new UsageError('--jwt: expected a JSON object of claims');
  return { state: 'valid', claims: parsed as Record<string, unknown> };
}

function parseHeaders(values: readonly string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const h of values ?? []) {
    const i = h.indexOf(':');
    if (i <= 0) throw new UsageError(`--header: expected 'name: value', got ${JSON.stringify(h.slice(0, 80))}`);
    out[h.slice(0, i).trim().toLowerCase()] = h.slice(i + 1).trim();
  }
  return out;
}

export async function runCanI(args: string[], io: CliIo, clock: () => Date): Promise<number> {
  const { values } = parseArgs({ args, options: OPTIONS, strict: true, allowPositionals: false });
  if (values.help) {
    io.stdout.write(CAN_I_USAGE);
    return EXIT.ok;
  }
  const format = pickFormat(values.format, ['text', 'json'] as const, 'text');
  const source = requireSource(values.source);
  const to = podRef('to', values.to);
  if (values.from !== undefined && values['from-outside']) throw new UsageError('--from and --from-outside are mutually exclusive');
  const from = values.from !== undefined ? podRef('from', values.from) : null;
  const port = Number(values.port);
  if (!values.port || !Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError('--port: expected a container port number 1..65535');
  const service = values.service !== undefined ? podRef('service', values.service) : undefined;
  const jwt = parseJwt(values.jwt, values['jwt-invalid']);
  const headers = parseHeaders(values.header);
  const now = parseNow(values.now, clock);
  const snapshot = await loadForCli(source, values.context, now, io);
  let result;
  try {
    result = canI(
      {
        to, port, from, jwt, headers, now: toRfc3339Seconds(now),
        ...(service ? { service: { namespace: service.namespace, name: service.pod } } : {}),
        ...(values.method ? { method: values.method } : {}),
        ...(values.path ? { path: values.path } : {}),
        ...(values.host ? { host: values.host } : {}),
      },
      buildMeshIndex(snapshot),
    );
  } catch (e) {
    if (e instanceof CanIQueryError) throw new UsageError(e.message);
    throw e;
  }
  if (format === 'json') {
    io.stdout.write(`${JSON.stringify({ outcome: result.outcome, reason: result.reason, policies: result.policies, mtls: result.mtls, protocol: result.protocol, service: result.service, transport: result.connection.clientSends, serverMode: result.connection.serverMode, hops: result.hops, ...(result.waypoint ? { waypoint: result.waypoint } : {}) }, null, 2)}\n`);
  } else {
    // Reasons, Service and policy names carry cluster strings.
    io.stdout.write(`${result.outcome.toUpperCase()}: ${terminalSafe(result.reason)}\n`);
    io.stdout.write(`  transport: ${result.connection.clientSends}${result.mtls ? ' (mTLS)' : ''}; server mode: ${result.connection.serverMode}; protocol: ${result.protocol}; service: ${terminalSafe(result.service ?? '(pod IP)')}\n`);
    if (result.policies.length > 0) io.stdout.write(`  policies: ${terminalSafe(result.policies.join(', '))}\n`);
    if (result.waypoint) io.stdout.write(`  waypoint: ${result.waypoint.state}${result.waypoint.name ? ` ${terminalSafe(result.waypoint.name)}` : ''} (${terminalSafe(result.waypoint.labelledOn)})\n`);
    if (result.hops.length > 0) io.stdout.write('  hops:\n');
    result.hops.forEach((h, i) => {
      const seen = h.identitySeen ? `sees ${h.identitySeen}` : 'sees no peer identity';
      const by = h.policies.length > 0 ? ` [${h.policies.join(', ')}]` : '';
      io.stdout.write(terminalSafe(`    ${i + 1}. ${h.at} ${h.proxy}: ${h.verdict.toUpperCase()}; ${seen}${by}`) + '\n');
    });
  }
  return EXIT.ok;
}
