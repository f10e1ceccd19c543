#!/usr/bin/env node
// `npm run image:test`: builds the OCI image (build-image.sh), unpacks it with umoci, and starts its entrypoint the way
// a container runtime would, with what this machine has (no container engine): as PID 1 of a new PID namespace, in a
// private mount namespace with the unpacked root filesystem bind-mounted read-only, a tmpfs on each volume the image
// declares (/tmp, /app/.next/cache: the Deployment's emptyDirs), /proc and a /dev of the standard devices, chrooted
// into it (`unshare --root`), in the image's working directory, as the image's user (uid/gid from its config,
// supplementary groups dropped), with the image's environment. Then, over loopback: the health endpoint without a
// credential, one view (GET /api/v1/overview) refused without the token and served with it from the demo mesh, the
// HTML page and one of its static chunks, the embedded history database created on /tmp, and a clean stop on SIGTERM.
// Prints the timings and the image's size; fails if anything does not answer, or if the image is over 200 MB
// uncompressed. The network namespace is the host's (the server binds 127.0.0.1 and a free port).
//
//   sudo npm run image:test            (root: mount namespaces, chroot; Linux x86_64 with umoci and util-linux)
//   MESH_POSTURE_IMAGE_REUSE_BUILD=1   reuse the last `next build` (CI, right after `npm test`)
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream, existsSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGunzip } from 'node:zlib';

const MAX_UNCOMPRESSED_BYTES = 200 * 1000 * 1000;
const START_TIMEOUT_MS = 90_000;
const root = fileURLToPath(new URL('../..', import.meta.url));
const outDir = path.resolve(root, process.env['MESH_POSTURE_IMAGE_OUT'] ?? '.image');
const version = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).version;

const failures = [];
const check = (ok, what) => {
  process.stdout.write(`${ok ? 'ok  ' : 'FAIL'} ${what}\n`);
  if (!ok) failures.push(what);
};
const fatal = (message) => {
  process.stderr.write(`image-test: ${message}\n`);
  process.exit(1);
};

if (process.platform !== 'linux' || process.arch !== 'x64') fatal('needs Linux x86_64');
if (process.getuid?.() !== 0) fatal('needs root (mount namespace, read-only bind mount, chroot)');
// Absolute paths: the server's process is given the image's environment, whose PATH is the image's.
const tools = Object.fromEntries(
  ['umoci', 'unshare', 'mount'].map((tool) => {
    const found = spawnSync('sh', ['-c', `command -v ${tool}`], { encoding: 'utf8' }).stdout.trim();
    if (!found.startsWith('/')) fatal(`${tool} not found (apt-get install -y umoci util-linux mount)`);
    return [tool, found];
  }),
);

// ---- build
let t0 = Date.now();
const built = spawnSync('bash', [path.join(root, 'scripts/image/build-image.sh')], { cwd: root, stdio: 'inherit', env: process.env });
if (built.status !== 0) fatal(`build-image.sh failed (exit ${built.status})`);
const buildSeconds = (Date.now() - t0) / 1000;

// ---- read the image: layout -> manifest -> config
const layout = path.join(outDir, 'oci');
const blob = (digest) => path.join(layout, 'blobs', ...digest.split(':'));
const index = JSON.parse(readFileSync(path.join(layout, 'index.json'), 'utf8'));
const descriptor = index.manifests.find((m) => m.annotations?.['org.opencontainers.image.ref.name'] === version);
if (!descriptor) fatal(`no image tagged ${version} in ${layout}`);
const manifest = JSON.parse(readFileSync(blob(descriptor.digest), 'utf8'));
const imageConfig = JSON.parse(readFileSync(blob(manifest.config.digest), 'utf8'));
const config = imageConfig.config;
const labels = config.Labels ?? {};
const revision = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8' }).stdout.trim();

check(imageConfig.os === 'linux' && imageConfig.architecture === 'amd64', `platform linux/amd64 (${imageConfig.os}/${imageConfig.architecture})`);
check(labels['org.opencontainers.image.version'] === version, `label org.opencontainers.image.version = ${labels['org.opencontainers.image.version']}`);
check(revision !== '' && labels['org.opencontainers.image.revision']?.replace(/-dirty$/, '') === revision, `label org.opencontainers.image.revision = ${labels['org.opencontainers.image.revision']}`);
process.stdout.write(`     label org.opencontainers.image.source = ${labels['org.opencontainers.image.source'] ?? '(none: no origin remote, MESH_POSTURE_IMAGE_SOURCE unset)'}\n`);
check(labels['io.mesh-posture.health-path'] === '/api/v1/health', 'label io.mesh-posture.health-path = /api/v1/health');
const [uid, gid] = (config.User ?? '').split(':').map(Number);
check(Number.isInteger(uid) && uid > 0 && Number.isInteger(gid) && gid > 0, `user is numeric and not root (${config.User})`);
check(JSON.stringify(Object.keys(config.ExposedPorts ?? {})) === '["3000/tcp"]', 'exposes 3000/tcp');

// The layout and the archive as containers/image (skopeo, podman, buildah) reads them, when skopeo is here.
if (spawnSync('sh', ['-c', 'command -v skopeo']).status === 0) {
  for (const ref of [`oci:${layout}:${version}`, `oci-archive:${path.join(outDir, `mesh-posture-${version}.oci.tar`)}:${version}`]) {
    const inspected = spawnSync('skopeo', ['inspect', ref], { encoding: 'utf8' });
    const read = inspected.status === 0 ? JSON.parse(inspected.stdout) : null;
    check(read?.Labels?.['org.opencontainers.image.version'] === version && read.Layers.length === manifest.layers.length, `skopeo inspect ${ref.split(':')[0]}: ${read ? `${read.Layers.length} layers, version ${read.Labels['org.opencontainers.image.version']}` : inspected.stderr.trim()}`);
  }
} else {
  process.stdout.write('     skopeo not installed: the layout is not read back by containers/image\n');
}

// ---- size: each layer's tar stream, uncompressed
let uncompressed = 0;
let compressed = 0;
for (const layer of manifest.layers) {
  compressed += layer.size;
  uncompressed += await countBytes(createReadStream(blob(layer.digest)).pipe(createGunzip()));
}
const mb = (n) => `${(n / 1e6).toFixed(1)} MB (${(n / 2 ** 20).toFixed(1)} MiB)`;
process.stdout.write(`     image size: ${mb(uncompressed)} uncompressed in ${manifest.layers.length} layers, ${mb(compressed)} compressed\n`);
check(uncompressed <= MAX_UNCOMPRESSED_BYTES, `uncompressed size ${mb(uncompressed)} <= ${mb(MAX_UNCOMPRESSED_BYTES)}`);

// ---- unpack
const scratch = mkdtempSync(path.join(tmpdir(), 'mesh-posture-image-'));
const bundle = path.join(scratch, 'bundle');
const unpacked = spawnSync(tools.umoci, ['unpack', '--image', `${layout}:${version}`, bundle], { encoding: 'utf8' });
if (unpacked.status !== 0) fatal(`umoci unpack failed: ${unpacked.stderr}`);
const rootfs = path.join(bundle, 'rootfs');
check(readdirSync(rootfs).sort().join(' ') === 'app dev etc lib lib64 proc sys tmp usr', `top level: ${readdirSync(rootfs).sort().join(' ')}`);
check(!['bin/sh', 'usr/bin/sh', 'bin/bash', 'usr/bin/env'].some((f) => existsSync(path.join(rootfs, f))), 'no shell, no /usr/bin/env');

// ---- start the entrypoint: read-only root, tmpfs volumes, the image's user, cwd and environment, loopback
const port = await freePort();
const token = randomBytes(24).toString('base64url');
const volumes = Object.keys(config.Volumes ?? {});
check(volumes.includes('/tmp') && volumes.includes('/app/.next/cache'), `volumes: ${volumes.join(' ')}`);
// What a runtime gives every container, and nothing more: /proc of the container's own PID namespace, a /dev with the
// standard character devices, tmpfs volumes; the rest of the root read-only.
const mounts = [
  'set -e',
  'r="$1"; shift',
  `${tools.mount} --bind "$r" "$r"`,
  `${tools.mount} -o remount,bind,ro "$r"`,
  ...volumes.map((v) => `${tools.mount} -t tmpfs -o mode=${v === '/tmp' ? '1777' : '0755'},uid=${v === '/tmp' ? 0 : uid},gid=${v === '/tmp' ? 0 : gid},size=256m tmpfs "$r${v}"`),
  `${tools.mount} -t proc proc "$r/proc"`,
  `${tools.mount} -t tmpfs -o mode=0755,size=64k tmpfs "$r/dev"`,
  `for d in null zero full random urandom; do : > "$r/dev/$d"; ${tools.mount} --bind "/dev/$d" "$r/dev/$d"; done`,
  `exec ${tools.unshare} --root="$r" --wd=${shellQuote(config.WorkingDir || '/')} --setuid=${uid} --setgid=${gid} -- "$@"`,
].join('\n');
// The image's Entrypoint with the loopback address and a free port in place of its Cmd (--hostname 0.0.0.0 --port 3000).
const args = [...config.Entrypoint, '--hostname', '127.0.0.1', '--port', String(port)];
const env = Object.fromEntries(config.Env.map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)]));
// The demo mesh, token mode, and the embedded history database on the /tmp volume (PGlite runs in the image).
Object.assign(env, { MESH_POSTURE_SOURCE: 'demo', MESH_POSTURE_TOKEN: token, MESH_POSTURE_DATABASE_URL: '/tmp/history' });
process.stdout.write(`     starting ${args.join(' ')} as ${uid}:${gid} in ${config.WorkingDir}, root read-only, tmpfs on ${volumes.join(', ')}, PID 1 of its own PID namespace\n`);
t0 = Date.now();
// unshare --fork: the server is the child, PID 1 in the new PID namespace, as in a container.
const outer = spawn(tools.unshare, ['--mount', '--pid', '--fork', '--propagation', 'private', '--', '/bin/sh', '-c', mounts, 'image-test', rootfs, ...args], {
  env,
  stdio: ['ignore', 'pipe', 'pipe'],
});
let output = '';
outer.stdout.on('data', (d) => (output += d));
outer.stderr.on('data', (d) => (output += d));
let exited = null;
const exit = new Promise((resolve) => {
  outer.on('exit', (code, signal) => resolve((exited = { code, signal })));
  outer.on('error', (err) => resolve((exited = { code: null, signal: null, error: err.message })));
});
const serverPid = () => Number(readFileSafe(`/proc/${outer.pid}/task/${outer.pid}/children`).trim().split(/\s+/)[0]) || null;

const base = `http://127.0.0.1:${port}`;
try {
  let health = null;
  while (health === null && exited === null && Date.now() - t0 < START_TIMEOUT_MS) {
    health = await fetch(`${base}/api/v1/health`).catch(() => null);
    if (health === null) await new Promise((r) => setTimeout(r, 250));
  }
  if (health === null) throw new Error(exited ? `the server exited (${JSON.stringify(exited)}) before answering` : `no answer within ${START_TIMEOUT_MS / 1000} s`);
  const startSeconds = (Date.now() - t0) / 1000;
  check(health.status === 200 && (await health.json()).status === 'ok', `GET /api/v1/health without a credential: ${health.status}, answered ${startSeconds.toFixed(1)} s after start`);

  const pid = serverPid();
  const status = readFileSafe(`/proc/${pid}/status`);
  const ids = (key) => status.match(new RegExp(`^${key}:[ \\t]*(.*)$`, 'm'))?.[1].split(/\s+/).filter(Boolean) ?? [];
  check(ids('Uid').every((u) => Number(u) === uid) && ids('Gid').every((g) => Number(g) === gid) && ids('Groups').length === 0, `the server runs as uid ${ids('Uid')[0]}, gid ${ids('Gid')[0]}, no supplementary groups`);
  check(readlinkSafe(`/proc/${pid}/root`) === rootfs, 'the server is chrooted in the unpacked image');
  check(/^NSpid:\s+\d+\s+1$/m.test(status), 'the server is PID 1 of its own PID namespace');

  const refused = await fetch(`${base}/api/v1/overview`);
  check(refused.status === 401, `GET /api/v1/overview without the token: ${refused.status}`);
  t0 = Date.now();
  const overview = await fetch(`${base}/api/v1/overview`, { headers: { authorization: `Bearer ${token}` } });
  const body = overview.status === 200 ? await overview.json() : null;
  const workloads = body?.data?.workloads?.total;
  check(overview.status === 200 && body.source === 'demo' && workloads > 0, `GET /api/v1/overview with the token: ${overview.status}, source ${body?.source}, ${workloads} workloads (${((Date.now() - t0) / 1000).toFixed(1)} s, first view)`);

  const page = await fetch(`${base}/`, { headers: { authorization: `Bearer ${token}` } });
  const html = await page.text();
  check(page.status === 200 && (page.headers.get('content-type') ?? '').startsWith('text/html') && html.includes('Mesh Posture'), `GET / with the token: ${page.status} ${page.headers.get('content-type')}`);
  const asset = html.match(/\/_next\/static\/[^"'\s]+\.js/)?.[0];
  const assetResponse = asset ? await fetch(`${base}${asset}`) : null;
  check(assetResponse?.status === 200, `GET ${asset ?? '(no /_next/static script in the page)'}: ${assetResponse?.status}`);

  // The embedded history: PGlite creates its database on the /tmp volume and the first posture is recorded.
  let history = null;
  const historyDeadline = Date.now() + 90_000;
  while (Date.now() < historyDeadline && exited === null) {
    const r = await fetch(`${base}/api/v1/history`, { headers: { authorization: `Bearer ${token}` } });
    history = r.status === 200 ? (await r.json()).data : { status: { state: `HTTP ${r.status}` } };
    if (history.status.lastRecordedAt || history.status.state === 'not-recording') break;
    await new Promise((r2) => setTimeout(r2, 1_000));
  }
  check(history?.status.state === 'recording' && history.status.lastRecordedAt !== null && history.records.length > 0, `embedded history (PGlite) on the /tmp volume: ${history?.status.state}${history?.status.reason ? ` (${history.status.reason})` : ''}, ${history?.records?.length ?? 0} records, ${((Date.now() - t0) / 1000).toFixed(1)} s after the first view`);

  // SIGTERM to PID 1, as `docker stop` or the kubelet sends it: the server must stop by itself (PID 1 has no default
  // action for it), well before a runtime's 10 s fallback to SIGKILL.
  const stopStart = Date.now();
  process.kill(pid, 'SIGTERM');
  const stopped = await Promise.race([exit, new Promise((r) => setTimeout(() => r(null), 10_000))]);
  check(stopped !== null && stopped.code === 0, `SIGTERM to PID 1: ${stopped ? `exited ${stopped.code ?? stopped.signal} after ${((Date.now() - stopStart) / 1000).toFixed(1)} s` : 'still running after 10 s'}`);

  process.stdout.write(`     timings: build ${buildSeconds.toFixed(0)} s, start to healthy ${startSeconds.toFixed(1)} s\n`);
} catch (err) {
  check(false, `the server from the image: ${err.message}`);
} finally {
  if (exited === null) {
    // SIGKILL to the namespace's PID 1 ends every process in it; then the outer unshare exits.
    const pid = serverPid();
    if (pid) process.kill(pid, 'SIGKILL');
    else outer.kill('SIGKILL');
    await exit;
  }
  rmSync(scratch, { recursive: true, force: true });
}

if (failures.length > 0) {
  process.stderr.write(`\nimage-test: ${failures.length} check(s) failed. The server's output:\n${output}\n`);
  process.exit(1);
}
process.stdout.write('image-test: passed\n');

function countBytes(stream) {
  return new Promise((resolve, reject) => {
    let n = 0;
    stream.on('data', (chunk) => (n += chunk.length));
    stream.on('end', () => resolve(n));
    stream.on('error', reject);
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port: p } = probe.address();
      probe.close(() => resolve(p));
    });
  });
}

function shellQuote(s) {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

function readFileSafe(p) {
  try {
    return readFileSync(p, 'utf8');
  } catch {
    return '';
  }
}

function readlinkSafe(p) {
  try {
    return readlinkSync(p);
  } catch {
    return '';
  }
}
