/**
 * The baseline: Debian's nginx serving fixed bytes as static files, with the production
 * defaults that matter for throughput (one worker per core, keep-alive on, no access log
 * — the portal does not log successful requests either).
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from '../../support/ports.js';
import { nginxBinary } from '../../support/requirements.js';

export interface StaticFile {
  /** URL path, e.g. /api/metrics. */
  urlPath: string;
  body: string | Buffer;
}

export interface StaticNginx {
  url: string;
  workers: number;
  pid: number;
  stop(): Promise<void>;
}

export async function startStaticNginx(
  files: StaticFile[],
  workers = os.cpus().length,
): Promise<StaticNginx> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-nginx-'));
  const root = path.join(dir, 'root');
  // nginx started as root runs its workers as nobody: they must be able to read the files.
  chmodSync(dir, 0o755);
  for (const file of files) {
    const target = path.join(root, ...file.urlPath.split('/').filter(Boolean));
    mkdirSync(path.dirname(target), { recursive: true, mode: 0o755 });
    writeFileSync(target, file.body, { mode: 0o644 });
  }
  const port = await freePort();
  const temp = (name: string) => path.join(dir, `${name}-temp`);
  writeFileSync(
    path.join(dir, 'nginx.conf'),
    `worker_processes ${workers};
daemon off;
pid ${path.join(dir, 'nginx.pid')};
error_log ${path.join(dir, 'error.log')} warn;
events { worker_connections 4096; }
http {
  access_log off;
  server_tokens off;
  client_body_temp_path ${temp('body')};
  proxy_temp_path ${temp('proxy')};
  fastcgi_temp_path ${temp('fastcgi')};
  uwsgi_temp_path ${temp('uwsgi')};
  scgi_temp_path ${temp('scgi')};
  # The files have no extension: every one is served as the API's content type.
  types { }
  default_type "application/json; charset=utf-8";
  server {
    listen 127.0.0.1:${port};
    root ${root};
    add_header cache-control no-store;
  }
}
`,
  );

  const child = spawn(
    nginxBinary().path,
    ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-e', path.join(dir, 'error.log')],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const probe = files[0]?.urlPath ?? '/';
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) {
      const log = readLog(path.join(dir, 'error.log'));
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`nginx exited with ${child.exitCode}:\n${stderr}${log}`);
    }
    try {
      if ((await fetch(url + probe)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`static nginx did not answer on ${url}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }

  return {
    url,
    workers,
    pid: child.pid ?? 0,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function readLog(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

export function nginxVersion(): string {
  const result = spawnSync(nginxBinary().path, ['-v'], { encoding: 'utf8' });
  return /nginx\/(\S+)/.exec(result.stderr)?.[1] ?? 'unknown';
}
