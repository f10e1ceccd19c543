// The three places that say how the dashboard's container runs must agree: the OCI image built here
// (scripts/image/build-image.sh, `umoci config`), the Dockerfile for Docker users, and the Deployment. `npm run
// image:test` starts the first; the Dockerfile cannot be built on these machines, and the Deployment overrides the
// entrypoint with its own `command`, so a drift between them would otherwise go unnoticed until someone deploys.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';

const ROOT = path.resolve(__dirname, '..');
const read = (file: string) => readFileSync(path.join(ROOT, file), 'utf8');

interface ImageSpec {
  readonly entrypoint: readonly string[];
  readonly cmd: readonly string[];
  readonly env: Readonly<Record<string, string>>;
  readonly user: string;
  readonly workdir: string;
  readonly volumes: readonly string[];
  readonly ports: readonly string[];
  readonly healthPath: string | undefined;
}

/** `--config.X VALUE` and `--config.X=VALUE` of the umoci config call, with the script's variables substituted. */
function ociImageSpec(script: string): ImageSpec {
  const variables = new Map<string, string>();
  for (const m of script.matchAll(/^([A-Z_]+)=([^$\s"]+)$/gm)) variables.set(m[1]!, m[2]!);
  const substitute = (v: string) => v.replace(/^"|"$/g, '').replace(/\$([A-Z_]+)/g, (_, name: string) => variables.get(name) ?? `$${name}`);
  const flags = (name: string) => [...script.matchAll(new RegExp(`--config\\.${name.replace('.', '\\.')}[= ]("[^"]*"|\\S+)`, 'g'))].map((m) => substitute(m[1]!));
  const labels = new Map(flags('label').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
  return {
    entrypoint: flags('entrypoint'),
    cmd: flags('cmd'),
    env: Object.fromEntries(flags('env').map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)])),
    user: flags('user')[0] ?? '',
    workdir: flags('workingdir')[0] ?? '',
    volumes: flags('volume'),
    ports: flags('exposedports'),
    healthPath: labels.get('io.mesh-posture.health-path'),
  };
}

/** The runtime stage of the Dockerfile (the last FROM). */
function dockerfileSpec(dockerfile: string): ImageSpec {
  const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));
  // Instructions with their continuation lines joined, comments dropped.
  const instructions = runtime
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .filter((l) => /^[A-Z]+\s/.test(l))
    .map((l) => [l.slice(0, l.indexOf(' ')), l.slice(l.indexOf(' ') + 1).trim()] as const);
  const all = (name: string) => instructions.filter(([n]) => n === name).map(([, v]) => v);
  const json = (name: string): string[] => JSON.parse(all(name)[0] ?? '[]') as string[];
  const env: Record<string, string> = {};
  for (const line of all('ENV')) for (const m of line.matchAll(/([A-Z_]+)=("[^"]*"|\S+)/g)) env[m[1]!] = m[2]!.replace(/^"|"$/g, '');
  const labels = Object.fromEntries(all('LABEL').flatMap((l) => [...l.matchAll(/([\w.-]+)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!])));
  return {
    entrypoint: json('ENTRYPOINT'),
    cmd: json('CMD'),
    env,
    user: all('USER')[0] ?? '',
    workdir: all('WORKDIR').at(-1) ?? '',
    volumes: json('VOLUME'),
    ports: all('EXPOSE').map((p) => (p.includes('/') ? p : `${p}/tcp`)),
    healthPath: labels['io.mesh-posture.health-path'],
  };
}

const oci = ociImageSpec(read('scripts/image/build-image.sh'));
const docker = dockerfileSpec(read('deploy/Dockerfile'));
const deployment = parseYaml(read('deploy/kubernetes/base/deployment.yaml')) as {
  spec: { template: { spec: { securityContext: { runAsUser: number; runAsGroup: number }; containers: Array<Record<string, unknown>> } } };
};
const pod = deployment.spec.template.spec;
const container = pod.containers[0] as {
  command: string[];
  ports: Array<{ containerPort: number }>;
  volumeMounts: Array<{ mountPath: string }>;
  startupProbe: { httpGet: { path: string } };
  readinessProbe: { httpGet: { path: string } };
  livenessProbe: { httpGet: { path: string } };
};
/** node on PATH (/usr/local/bin in both images), script paths relative to the working directory made absolute. */
const normalise = (argv: readonly string[], workdir: string) =>
  argv.map((a, i) => (i === 0 && a === '/usr/local/bin/node' ? 'node' : a.endsWith('.mjs') ? path.posix.resolve(workdir, a) : a));

describe('the container, as the OCI image, the Dockerfile and the Deployment describe it', () => {
  it('was read from all three (a renamed flag or instruction fails here, not silently below)', () => {
    for (const spec of [oci, docker]) {
      expect(spec.entrypoint.length).toBeGreaterThan(1);
      expect(spec.cmd.length).toBeGreaterThan(1);
      expect(Object.keys(spec.env).length).toBeGreaterThan(3);
    }
    expect(container.command.length).toBeGreaterThan(1);
  });

  it('runs the same launcher with the same arguments', () => {
    expect(normalise(docker.entrypoint, docker.workdir)).toEqual(normalise(oci.entrypoint, oci.workdir));
    expect(docker.cmd).toEqual(oci.cmd);
    expect(normalise(container.command, oci.workdir)).toEqual(normalise([...oci.entrypoint, ...oci.cmd], oci.workdir));
  });

  it('has the same environment, working directory, volumes and port', () => {
    // PATH is the base image's in the Dockerfile (node:24-slim: /usr/local/bin among others); only node is on it here.
    const { PATH: ociPath, ...ociEnv } = oci.env;
    expect(ociPath).toBe('/usr/local/bin');
    expect(docker.env).toEqual(ociEnv);
    expect(docker.workdir).toBe(oci.workdir);
    expect([...docker.volumes].sort()).toEqual([...oci.volumes].sort());
    expect(container.volumeMounts.map((m) => m.mountPath).sort()).toEqual([...oci.volumes].sort());
    expect(docker.ports).toEqual(oci.ports);
    const port = oci.cmd[oci.cmd.indexOf('--port') + 1];
    expect(oci.ports).toEqual([`${port}/tcp`]);
    expect(container.ports.map((p) => `${p.containerPort}/tcp`)).toEqual(oci.ports);
  });

  it('runs as the same numeric, unprivileged user', () => {
    expect(oci.user).toMatch(/^[1-9]\d*:[1-9]\d*$/);
    expect(docker.user).toBe(oci.user);
    expect(`${pod.securityContext.runAsUser}:${pod.securityContext.runAsGroup}`).toBe(oci.user);
  });

  it('names the path the Deployment probes', () => {
    expect(oci.healthPath).toBe('/api/v1/health');
    expect(docker.healthPath).toBe(oci.healthPath);
    for (const probe of [container.startupProbe, container.readinessProbe, container.livenessProbe]) expect(probe.httpGet.path).toBe(oci.healthPath);
  });
});
