/**
 * Debian's nginx for the benchmarks, with the production defaults that matter for
 * throughput: one worker per core (`worker_processes auto`), keep-alive on, sendfile.
 * Access logs are off in every configuration measured here (the API does not log
 * successful requests either), so both sides of each ratio do the same bookkeeping.
 *
 * Two shapes: a bare static server (the baseline for the API direct), and the repo's own
 * template with its rate limit and burst raised (so the load measures the proxy, not 429
 * answers).
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { realIpFrom, renderTemplate, templatePath } from '../../support/nginx.js';
import { freePort } from '../../../scripts/lib/ports.js';
import { nginxBinary } from '../../support/requirements.js';
import { stopChild } from '../../../scripts/lib/child.js';

export interface StaticFile {
  /** URL path, e.g. /api/metrics. */
  urlPath: string;
  body: string | Buffer;
}

export interface BenchNginx {
  url: string;
  workers: number;
  stop(): Promise<void>;
}

/** Writes `files` under `root`, readable by the `nobody` workers nginx uses when started as root. */
function writeFiles(root: string, files: StaticFile[]): void {
  mkdirSync(root, { recursive: true, mode: 0o755 });
  for (const file of files) {
    const target = path.join(root, ...file.urlPath.split('/').filter(Boolean));
    mkdirSync(path.dirname(target), { recursive: true, mode: 0o755 });
    writeFileSync(target, file.body, { mode: 0o644 });
  }
}

async function launch(
  workers: number,
  serverBlock: (dir: string, port: number) => string,
  probePath: string,
): Promise<BenchNginx> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'bench-nginx-'));
  chmodSync(dir, 0o755);
  const port = await freePort();
  const temp = (name: string) => path.join(dir, `${name}-temp`);
  const asRoot = process.getuid?.() === 0;
  writeFileSync(
    path.join(dir, 'nginx.conf'),
    `${asRoot ? 'user nobody nogroup;' : ''}
worker_processes ${workers};
daemon off;
pid ${path.join(dir, 'nginx.pid')};
error_log ${path.join(dir, 'error.log')} warn;
events { worker_connections 4096; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log off;
  sendfile on;
  keepalive_timeout 65;
  client_body_temp_path ${temp('body')};
  proxy_temp_path ${temp('proxy')};
  fastcgi_temp_path ${temp('fastcgi')};
  uwsgi_temp_path ${temp('uwsgi')};
  scgi_temp_path ${temp('scgi')};
${serverBlock(dir, port)}
}
`,
  );

  const child = spawn(
    nginxBinary().path,
    ['-p', `${dir}/`, '-c', path.join(dir, 'nginx.conf'), '-e', path.join(dir, 'error.log')],
    {
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) {
      const log = readOr(path.join(dir, 'error.log'));
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`nginx exited with ${child.exitCode}:\n${stderr}${log}`);
    }
    try {
      if ((await fetch(url + probePath)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(
        `nginx did not answer ${probePath} on ${url}:\n${readOr(path.join(dir, 'error.log'))}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }

  return {
    url,
    workers,
    async stop() {
      await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** `files` served as-is, each with the API's JSON content type and no-store. */
export function startStaticNginx(
  files: StaticFile[],
  workers = os.cpus().length,
): Promise<BenchNginx> {
  return launch(
    workers,
    (dir, port) => {
      const root = path.join(dir, 'root');
      writeFiles(root, files);
      return `  server {
    listen 127.0.0.1:${port};
    server_tokens off;
    root ${root};
    location / {
      # The files have no extension: every one goes out as the API's content type.
      types { }
      default_type "application/json; charset=utf-8";
      add_header cache-control no-store;
    }
  }`;
    },
    files[0]?.urlPath ?? '/',
  );
}

/**
 * The repo's template, rendered as production renders it, with the per-visitor rate limit
 * raised out of the way, serving a copy of `webRoot` plus `extraFiles`.
 */
export function startRepoNginx(
  apiUpstream: string,
  webRoot: string,
  extraFiles: StaticFile[],
  workers = os.cpus().length,
): Promise<BenchNginx> {
  return launch(
    workers,
    (dir, port) => {
      const root = path.join(dir, 'web');
      spawnSync('cp', ['-r', `${webRoot}/.`, root]);
      spawnSync('chmod', ['-R', 'a+rX', root]);
      writeFiles(root, extraFiles);
      const rendered = renderTemplate(readFileSync(templatePath, 'utf8'), {
        PORTAL_PORT: `127.0.0.1:${port}`,
        API_UPSTREAM: apiUpstream,
        WEB_ROOT: root,
        REAL_IP_FROM: realIpFrom(['127.0.0.1']),
        CACHE_DIR: path.join(dir, 'cache'),
      });
      // Rate and burst both: nginx counts a burst per millisecond, and a loaded worker can
      // take more than 60 requests off its sockets within one.
      const raised = rendered
        .replace(/(limit_req_zone [^;]*rate=)\d+r\/s/, '$11000000r/s')
        .replace(/(limit_req zone=portal_api burst=)\d+/g, '$11000000');
      if (!/rate=1000000r\/s/.test(raised) || !/burst=1000000/.test(raised))
        throw new Error(`no limit_req_zone rate or limit_req burst found in ${templatePath}`);
      return raised;
    },
    '/api/health',
  );
}

export function nginxVersion(): string {
  const result = spawnSync(nginxBinary().path, ['-v'], { encoding: 'utf8' });
  return /nginx\/(\S+)/.exec(result.stderr)?.[1] ?? 'unknown';
}

function readOr(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
