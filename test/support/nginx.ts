/**
 * Runs Debian's real nginx with the repo's own template on a free loopback port, as the
 * current user, with every file it writes (pid, logs, temp) in a temporary folder.
 *
 * The template is rendered the way the image's entrypoint renders it in production:
 * envsubst restricted to the template's own variables (any other `$name` stays as it is),
 * then included inside a minimal `http {}` like the image's own nginx.conf.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { connect } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from './portal-process.js';
import { freePort } from '../../scripts/lib/ports.js';
import { nginxBinary } from './requirements.js';
import { stopChild } from '../../scripts/lib/child.js';

export const templatePath = path.join(repoRoot, 'nginx', 'templates', 'portal.conf.template');

/** The only variables production substitutes (the list in nginx/entrypoint.sh). */
export const TEMPLATE_VARIABLES = [
  'PORTAL_PORT',
  'API_UPSTREAM',
  'WEB_ROOT',
  'REAL_IP_FROM',
  'CACHE_DIR',
] as const;
export type TemplateVariables = Record<(typeof TEMPLATE_VARIABLES)[number], string>;

/** REAL_IP_FROM for a list of trusted sources, as nginx/entrypoint.sh writes it. */
export function realIpFrom(sources: string[]): string {
  return sources.map((source) => `set_real_ip_from ${source};`).join(' ');
}

/**
 * `envsubst '${PORTAL_PORT} ${API_UPSTREAM} …'`: `$NAME` and `${NAME}` are replaced for the
 * listed names only; every other `$…` is left alone.
 */
export function renderTemplate(template: string, values: TemplateVariables): string {
  const listed = new Map<string, string>(Object.entries(values));
  return template.replace(
    /\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))/g,
    (whole, braced: string | undefined, bare: string | undefined) => {
      const value = listed.get(braced ?? bare ?? '');
      return value === undefined ? whole : value;
    },
  );
}

export interface NginxOptions {
  /** host:port of the API. */
  apiUpstream: string;
  /** Folder of the built web app. */
  webRoot: string;
  port?: number;
  /** Sources whose CF-Connecting-IP is believed: the tunnel. Default: 127.0.0.1 alone. */
  trustedProxies?: string[];
}

export interface NginxProcess {
  url: string;
  port: number;
  /** The temporary prefix: nginx.conf, portal.conf, logs. */
  dir: string;
  renderedConfig: string;
  errorLog(): string;
  accessLog(): string;
  stop(): Promise<void>;
}

function mainConfig(dir: string, workerUser: string): string {
  // Like the image's nginx.conf (nginxinc/nginx-unprivileged): mime types, sendfile,
  // keep-alive, temp paths out of the way, and conf.d included inside http {}.
  return `${workerUser}
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log notice;
events { worker_connections 256; }
http {
    client_body_temp_path ${dir}/client_temp;
    proxy_temp_path ${dir}/proxy_temp;
    fastcgi_temp_path ${dir}/fastcgi_temp;
    uwsgi_temp_path ${dir}/uwsgi_temp;
    scgi_temp_path ${dir}/scgi_temp;
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log ${dir}/access.log combined;
    sendfile on;
    keepalive_timeout 65;
    include ${dir}/conf.d/*.conf;
}
`;
}

async function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

function readOr(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

export async function startNginx(options: NginxOptions): Promise<NginxProcess> {
  const binary = nginxBinary();
  if (!binary.ok) throw new Error(binary.reason);
  const port = options.port ?? (await freePort());
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kitestacks-nginx-'));
  // Started as root, nginx would hand its workers to `nobody`, who may not reach a checkout
  // under a private home folder: keep them the current user, as they are for anyone else.
  const workerUser = process.getuid?.() === 0 ? 'user root root;' : '';

  const rendered = renderTemplate(readFileSync(templatePath, 'utf8'), {
    PORTAL_PORT: `127.0.0.1:${port}`,
    API_UPSTREAM: options.apiUpstream,
    WEB_ROOT: options.webRoot,
    REAL_IP_FROM: realIpFrom(options.trustedProxies ?? ['127.0.0.1']),
    CACHE_DIR: path.join(dir, 'cache'),
  });
  mkdirSync(path.join(dir, 'conf.d'));
  writeFileSync(path.join(dir, 'conf.d', 'portal.conf'), rendered);
  const confFile = path.join(dir, 'nginx.conf');
  writeFileSync(confFile, mainConfig(dir, workerUser));

  const args = ['-p', `${dir}/`, '-e', path.join(dir, 'error.log'), '-c', confFile];
  const child: ChildProcess = spawn(binary.path, [...args, '-g', 'daemon off;'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));

  const deadline = Date.now() + 10_000;
  while (!(await listening(port))) {
    if (child.exitCode !== null) {
      rmSync(dir, { recursive: true, force: true });
      throw new Error(
        `nginx exited with ${child.exitCode}:\n${output}${readOr(path.join(dir, 'error.log'))}`,
      );
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`nginx did not listen on ${port} in time:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    dir,
    renderedConfig: rendered,
    errorLog: () => readOr(path.join(dir, 'error.log')),
    accessLog: () => readOr(path.join(dir, 'access.log')),
    async stop() {
      // SIGTERM is nginx's fast stop: open event streams are cut rather than waited for.
      await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface HttpAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  /** The body exactly as it came off the wire (after chunking, before any decompression). */
  body: Buffer;
  text: string;
}

export interface HttpOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Source address on the loopback (127.0.0.2 is "not the tunnel"). */
  localAddress?: string;
}

/**
 * One request with node:http: no automatic decompression, no redirects, no connection
 * reuse, so what the test sees is what nginx sent.
 */
export function request(url: string, options: HttpOptions = {}): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      {
        method: options.method ?? 'GET',
        headers: {
          connection: 'close',
          ...(options.body !== undefined && !options.headers?.['transfer-encoding']
            ? { 'content-length': String(Buffer.byteLength(options.body)) }
            : {}),
          ...options.headers,
        },
        agent: false,
        ...(options.localAddress ? { localAddress: options.localAddress } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body,
            text: body.toString('utf8'),
          });
        });
        res.on('error', reject);
      },
    );
    req.setTimeout(30_000, () => req.destroy(new Error(`no answer from ${url} within 30 s`)));
    req.on('error', reject);
    req.end(options.body);
  });
}
