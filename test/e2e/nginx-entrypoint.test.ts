/**
 * The web image's own start: nginx/entrypoint.sh renders the template and nginx/nginx.conf
 * runs it. Checked outside Docker, with Debian's nginx, under dash and (where installed)
 * busybox with nothing but its own applets for the script's tools: the networks `auto`
 * finds in a fixture of the kernel's route tables, values that would inject configuration
 * refused with one line, and the whole thing serving on loopback.
 */
import { spawn, spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  openSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SECURITY_HEADERS } from '../../api/src/security-headers.js';
import { stopChild } from '../../scripts/lib/child.js';
import { realIpFrom, renderTemplate, request, templatePath } from '../support/nginx.js';
import { freePort } from '../../scripts/lib/ports.js';
import { repoRoot, webDist } from '../support/portal-process.js';
import { binary, canRun, nginxBinary } from '../support/requirements.js';

const entrypoint = path.join(repoRoot, 'nginx', 'entrypoint.sh');
const mainConfig = path.join(repoRoot, 'nginx', 'nginx.conf');
const envsubst = binary('envsubst', ['/usr/bin/envsubst']);
const enabled = canRun('nginx entrypoint e2e', nginxBinary()) && canRun('envsubst', envsubst);
const busybox = binary('busybox', ['/usr/bin/busybox', '/bin/busybox']);

// A container on two Docker networks (172.20.0.0/16 with the default route, 10.89.3.0/24)
// and an IPv6 network, as the kernel lists them; loopback, link-local and multicast routes
// are not networks anyone connects from.
const ROUTE = `Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT
eth0\t00000000\t010014AC\t0003\t0\t0\t0\t00000000\t0\t0\t0
eth0\t000014AC\t00000000\t0001\t0\t0\t0\t0000FFFF\t0\t0\t0
eth1\t0003590A\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0
`;
const IPV6_ROUTE = [
  'fd123456000000000000000000000000 40 00000000000000000000000000000000 00 00000000000000000000000000000000 00000100 00000001 00000000 00000001     eth0',
  'fe800000000000000000000000000000 40 00000000000000000000000000000000 00 00000000000000000000000000000000 00000100 00000001 00000000 00000001     eth0',
  '00000000000000000000000000000000 00 00000000000000000000000000000000 00 fd123456000000000000000000000001 00000400 00000003 00000000 00000003     eth0',
  '00000000000000000000000000000001 80 00000000000000000000000000000000 00 00000000000000000000000000000000 00000000 00000002 00000000 80200001       lo',
  'fd123456000000000000000000000002 80 00000000000000000000000000000000 00 00000000000000000000000000000000 00000000 00000003 00000000 80200001     eth0',
  'ff000000000000000000000000000000 08 00000000000000000000000000000000 00 00000000000000000000000000000000 00000100 00000002 00000000 00000001     eth0',
  '',
].join('\n');
const ATTACHED = ['10.89.3.0/24', '172.20.0.0/16', 'fd12:3456:0000:0000:0000:0000:0000:0000/64'];

interface Shell {
  name: string;
  command: string[];
  /** PATH for the script's own tools. */
  path: string;
}

describe.skipIf(!enabled)('the web image entrypoint', () => {
  let dir: string;
  let proc: string;
  const shells: Shell[] = [];

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'kitestacks-entrypoint-'));
    proc = path.join(dir, 'proc');
    mkdirSync(path.join(proc, 'net'), { recursive: true });
    writeFileSync(path.join(proc, 'net', 'route'), ROUTE);
    writeFileSync(path.join(proc, 'net', 'ipv6_route'), IPV6_ROUTE);
    shells.push({ name: 'dash', command: ['/bin/sh'], path: process.env.PATH ?? '' });
    if (busybox.ok) {
      // busybox's applets first, so awk, grep, sort, tr, mkdir and mv are busybox's own;
      // envsubst and nginx come from the system, as in the image.
      const applets = path.join(dir, 'busybox-bin');
      mkdirSync(applets);
      for (const applet of ['sh', 'awk', 'grep', 'sort', 'tr', 'mkdir', 'mv', 'cat', 'true']) {
        symlinkSync(busybox.path, path.join(applets, applet));
      }
      shells.push({
        name: 'busybox',
        command: [busybox.path, 'sh'],
        path: `${applets}:${path.dirname(envsubst.path)}:${path.dirname(nginxBinary().path)}`,
      });
    } else {
      console.warn(
        '[partly skipped] busybox is not installed: the entrypoint runs under dash only',
      );
    }
  });

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  function run(shell: Shell, env: Record<string, string>, args: string[] = ['true']) {
    const out = mkdtempSync(path.join(dir, `${shell.name}-`));
    const result = spawnSync(
      shell.command[0] ?? '',
      [...shell.command.slice(1), entrypoint, ...args],
      {
        encoding: 'utf8',
        env: {
          PATH: shell.path,
          NGINX_TEMPLATE: templatePath,
          NGINX_CONF_DIR: path.join(out, 'conf.d'),
          CACHE_DIR: path.join(out, 'cache'),
          WEB_ROOT: webDist,
          PROC_PATH: proc,
          // nginx's own variables in the environment must not leak into the configuration.
          uri: 'evil',
          host: 'evil',
          ...env,
        },
      },
    );
    const rendered = path.join(out, 'conf.d', 'portal.conf');
    return {
      out,
      status: result.status,
      stderr: result.stderr,
      config: existsSync(rendered) ? readFileSync(rendered, 'utf8') : '',
    };
  }

  const directives = (config: string) =>
    (config.replace(/#.*$/gm, '').match(/set_real_ip_from [^;]*;/g) ?? []).sort();

  it('renders exactly the variables, trusting the attached networks with auto', () => {
    for (const shell of shells) {
      const env = {
        PORTAL_PORT: '127.0.0.1:8080',
        API_UPSTREAM: 'host.docker.internal:8000',
        TRUSTED_PROXIES: 'auto',
      };
      const result = run(shell, env);
      expect(result.status, `${shell.name}: ${result.stderr}`).toBe(0);
      expect(directives(result.config), shell.name).toEqual(
        ATTACHED.map((network) => `set_real_ip_from ${network};`).sort(),
      );
      expect(result.stderr).toContain('CF-Connecting-IP is believed from');
      // Byte for byte what the tests' own renderer gives for the same values.
      expect(result.config, shell.name).toBe(
        renderTemplate(readFileSync(templatePath, 'utf8'), {
          PORTAL_PORT: env.PORTAL_PORT,
          API_UPSTREAM: env.API_UPSTREAM,
          WEB_ROOT: webDist,
          REAL_IP_FROM: realIpFrom([...ATTACHED].sort()),
          CACHE_DIR: path.join(result.out, 'cache'),
        }),
      );
      expect(result.config).toContain('$uri');
      expect(result.config).not.toContain('evil');
    }
  });

  it('takes an explicit list, or none', () => {
    for (const shell of shells) {
      const listed = run(shell, { TRUSTED_PROXIES: '172.30.5.0/24, 127.0.0.1 fd00::/64' });
      expect(listed.status, listed.stderr).toBe(0);
      expect(directives(listed.config)).toEqual(
        ['127.0.0.1', '172.30.5.0/24', 'fd00::/64'].map((s) => `set_real_ip_from ${s};`).sort(),
      );
      const none = run(shell, { TRUSTED_PROXIES: 'none' });
      expect(none.status, none.stderr).toBe(0);
      expect(directives(none.config)).toEqual([]);
    }
  });

  it('refuses values that would write configuration, with one line naming the variable', () => {
    const bad: [Record<string, string>, string][] = [
      [{ TRUSTED_PROXIES: '10.0.0.0/8; include /etc/passwd' }, 'TRUSTED_PROXIES'],
      [{ TRUSTED_PROXIES: 'cloudflared' }, 'TRUSTED_PROXIES'],
      [{ PORTAL_PORT: '8080; root /' }, 'PORTAL_PORT'],
      [{ API_UPSTREAM: 'api:8000 } server {' }, 'API_UPSTREAM'],
      [{ WEB_ROOT: '/srv/www; autoindex on' }, 'WEB_ROOT'],
      [{ CACHE_DIR: 'relative/cache' }, 'CACHE_DIR'],
      [{ NGINX_TEMPLATE: '/nonexistent.template' }, 'NGINX_TEMPLATE'],
    ];
    for (const shell of shells) {
      for (const [env, name] of bad) {
        const result = run(shell, env);
        expect(result.status, `${shell.name} ${JSON.stringify(env)}`).not.toBe(0);
        const lines = result.stderr.trim().split('\n');
        expect(lines, result.stderr).toHaveLength(1);
        expect(lines[0]).toMatch(new RegExp(`^entrypoint: ${name}`));
        expect(result.config).toBe('');
      }
    }
  });

  it("starts nginx with the repo's nginx.conf: serves, logs to stdout, ignores forged headers", async () => {
    const shell = shells[shells.length - 1];
    if (!shell) throw new Error('no shell');
    const port = await freePort();
    // nginx.conf as shipped, with /tmp/nginx moved into this test's own folder.
    const prefix = mkdtempSync(path.join(dir, 'run-'));
    const conf = path.join(prefix, 'nginx.conf');
    const asRoot = process.getuid?.() === 0;
    writeFileSync(
      conf,
      (asRoot ? 'user root root;\n' : '') +
        readFileSync(mainConfig, 'utf8').replaceAll('/tmp/nginx', prefix),
    );
    const env = {
      PATH: shell.path,
      NGINX_TEMPLATE: templatePath,
      NGINX_CONF_DIR: path.join(prefix, 'conf.d'),
      CACHE_DIR: path.join(prefix, 'cache'),
      WEB_ROOT: webDist,
      PROC_PATH: proc,
      PORTAL_PORT: `127.0.0.1:${port}`,
      API_UPSTREAM: '127.0.0.1:9',
      TRUSTED_PROXIES: 'auto',
    };

    // nginx opens /dev/stdout for its access log, which works on a pipe or a file (what
    // Docker gives a container) but not on the socket Node would hand it: a file here.
    const log = path.join(prefix, 'stdout.log');
    const logFd = openSync(log, 'w');
    const check = spawnSync(
      shell.command[0] ?? '',
      [
        ...shell.command.slice(1),
        entrypoint,
        nginxBinary().path,
        '-t',
        '-q',
        '-p',
        `${prefix}/`,
        '-c',
        conf,
      ],
      { encoding: 'utf8', env, stdio: ['ignore', logFd, 'pipe'] },
    );
    expect(check.status, check.stderr).toBe(0);

    const child = spawn(
      shell.command[0] ?? '',
      [
        ...shell.command.slice(1),
        entrypoint,
        nginxBinary().path,
        '-p',
        `${prefix}/`,
        '-c',
        conf,
        '-g',
        'daemon off;',
      ],
      { env, stdio: ['ignore', logFd, 'pipe'] },
    );
    closeSync(logFd);
    const stdoutText = () => readFileSync(log, 'utf8');
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    try {
      const deadline = Date.now() + 10_000;
      let health = null;
      while (!health) {
        try {
          health = await request(`http://127.0.0.1:${port}/nginx-health`);
        } catch {
          if (Date.now() > deadline || child.exitCode !== null)
            throw new Error(`nginx did not start:\n${stderr}`);
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }
      expect(health.status).toBe(200);
      const page = await request(`http://127.0.0.1:${port}/`, {
        headers: { 'cf-connecting-ip': '203.0.113.99' },
      });
      expect(page.status).toBe(200);
      for (const [name, value] of Object.entries(SECURITY_HEADERS))
        expect(page.headers[name], name).toBe(value);
      const api = await request(`http://127.0.0.1:${port}/api/health`);
      expect(api.status).toBe(502);
      expect(api.headers['content-type']).toBe('application/json; charset=utf-8');
      // The access log is on stdout; loopback is not an attached network here, so the
      // forged visitor address is not believed.
      await vi.waitFor(
        () => expect(stdoutText(), 'the access log line for GET /').toContain('"GET / HTTP/1.1"'),
        { timeout: 2_000, interval: 25 },
      );
      const stdout = stdoutText();
      const line = stdout.split('\n').find((entry) => entry.includes('"GET / HTTP/1.1"')) ?? '';
      expect(line.startsWith('127.0.0.1 '), stdout).toBe(true);
      expect(stdout).not.toContain('203.0.113.99 ');
      // The cache folder was made, under the writable prefix only.
      expect(existsSync(path.join(prefix, 'cache'))).toBe(true);
    } finally {
      await stopChild(child);
    }
  });
});
