/**
 * The spike's servers: Debian's nginx with the repo's own nginx/nginx.conf AND template
 * (every limit as shipped: worker_connections, the rate limits, the stream cap), and
 * Debian's Varnish with its default configuration in front of it, as the edge. Both run on
 * loopback ports, are started here and stopped by their own process.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { stopChild } from '../../../scripts/lib/child.js';
import { realIpFrom, renderTemplate, templatePath } from '../../support/nginx.js';
import { repoRoot } from '../../support/portal-process.js';
import { freePort } from '../../../scripts/lib/ports.js';
import { nginxBinary } from '../../support/requirements.js';

export interface SpikeServer {
  url: string;
  pid: number;
  /** What the process wrote to stderr (nginx: its error log). */
  errors(): string;
  stop(): Promise<void>;
}

/** nginx.conf and the template as they are now: read once, so edits during a run do not count. */
export interface NginxFiles {
  mainConf: string;
  template: string;
}

/** As they are in the checkout, or at a git revision (`--nginx-from`, to measure an older sizing). */
export function readNginxFiles(revision?: string): NginxFiles {
  if (revision) {
    const show = (file: string) => {
      const result = spawnSync('git', ['show', `${revision}:${file}`], {
        cwd: repoRoot,
        encoding: 'utf8',
      });
      if (result.status !== 0) throw new Error(`git show ${revision}:${file}: ${result.stderr}`);
      return result.stdout;
    };
    return {
      mainConf: show('nginx/nginx.conf'),
      template: show('nginx/templates/portal.conf.template'),
    };
  }
  return {
    mainConf: readFileSync(path.join(repoRoot, 'nginx', 'nginx.conf'), 'utf8'),
    template: readFileSync(templatePath, 'utf8'),
  };
}

async function waitFor(url: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}:\n${output()}`);
    try {
      const response = await fetch(url);
      await response.arrayBuffer();
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer in time:\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * The repo's nginx.conf with its paths moved from /tmp/nginx to a temporary folder and the
 * access log to a file there (the image writes it to the container's output).
 */
export async function startRepoNginx(
  files: NginxFiles,
  apiUpstream: string,
  webRoot: string,
): Promise<SpikeServer & { accessLog: string }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'spike-nginx-'));
  chmodSync(dir, 0o755);
  const port = await freePort();
  const root = path.join(dir, 'web');
  spawnSync('cp', ['-r', `${webRoot}/.`, root]);
  spawnSync('chmod', ['-R', 'a+rX', root]);
  mkdirSync(path.join(dir, 'conf.d'));
  // The generators connect from several loopback addresses (one per process, for ports),
  // each visitor named in CF-Connecting-IP: the loopback network is the tunnel here.
  const rendered = renderTemplate(files.template, {
    PORTAL_PORT: `127.0.0.1:${port}`,
    API_UPSTREAM: apiUpstream,
    WEB_ROOT: root,
    REAL_IP_FROM: realIpFrom(['127.0.0.0/8']),
    CACHE_DIR: path.join(dir, 'cache'),
  });
  writeFileSync(path.join(dir, 'conf.d', 'portal.conf'), rendered);
  const accessLog = path.join(dir, 'access.log');
  const asRoot = process.getuid?.() === 0;
  const main = files.mainConf
    .replaceAll('/tmp/nginx/', `${dir}/`)
    .replace('access_log /dev/stdout', `access_log ${accessLog}`);
  if (main === files.mainConf) throw new Error('nginx/nginx.conf: no /tmp/nginx/ paths to move');
  // Started as root, nginx hands its workers to `nobody`, as a non-root image would run them.
  writeFileSync(path.join(dir, 'nginx.conf'), `${asRoot ? 'user nobody nogroup;\n' : ''}${main}`);

  const child = spawn(
    nginxBinary().path,
    ['-p', `${dir}/`, '-c', path.join(dir, 'nginx.conf'), '-g', 'daemon off;'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    // Keep the head and a count, not every repeat of a warning under load.
    if (stderr.length < 200_000) stderr += chunk.toString();
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor(`${url}/nginx-health`, child, () => stderr);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return {
    url,
    pid: child.pid ?? 0,
    accessLog,
    errors: () => stderr,
    async stop() {
      await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * `varnishd` with its default (built-in) VCL, `-b` naming nginx as the backend: what it
 * caches is decided by the portal's own Cache-Control and Age alone. Its file limit is
 * raised for the crowd's connections (root may; otherwise it keeps the shell's).
 */
export async function startVarnish(backend: string): Promise<SpikeServer> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'spike-varnish-'));
  const port = await freePort();
  const args = ['-F', '-j', 'none', '-n', dir, '-a', `127.0.0.1:${port}`, '-b', backend];
  args.push('-s', 'malloc,256m');
  const child = spawn(
    'sh',
    ['-c', 'ulimit -n 65536 2>/dev/null; exec varnishd "$@"', 'sh', ...args],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const keep = (chunk: Buffer) => {
    if (output.length < 100_000) output += chunk.toString();
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor(`${url}/nginx-health`, child, () => output);
  } catch (error) {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    url,
    pid: child.pid ?? 0,
    errors: () => output,
    async stop() {
      await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export function varnishAvailable(): boolean {
  return spawnSync('varnishd', ['-V']).status === 0;
}
