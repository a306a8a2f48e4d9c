/**
 * compose.yaml, the Dockerfiles and .env.example read as data: the production promises that
 * do not need a Docker engine to check (the container suite runs the images where one exists).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from '../support/portal-process.js';

interface Service {
  image?: string;
  build?: { context: string; dockerfile: string; args?: string[] };
  mem_limit?: string;
  cpus?: number;
  pids_limit?: number;
  restart?: string;
  read_only?: boolean;
  cap_drop?: string[];
  security_opt?: string[];
  logging?: { driver: string; options: Record<string, string> };
  healthcheck?: { test: string[] };
  networks?: string[];
  ports?: unknown[];
  extra_hosts?: string[];
  network_mode?: string;
  pid?: string;
  user?: string;
  environment?: Record<string, string>;
  volumes?: string[];
  secrets?: string[];
  tmpfs?: string[];
}

interface Compose {
  services: Record<string, Service>;
  networks: Record<string, { external?: boolean }>;
  secrets: Record<string, { file: string }>;
}

const read = (file: string) => readFileSync(path.join(repoRoot, file), 'utf8');
const compose = parse(read('compose.yaml'), { merge: true }) as Compose;
const homepage = compose.services.homepage;
const api = compose.services['kitestacks-metrics-api'];

describe('compose.yaml', () => {
  it('has the two services', () => {
    expect(Object.keys(compose.services).sort()).toEqual(['homepage', 'kitestacks-metrics-api']);
  });

  it.each(['homepage', 'kitestacks-metrics-api'])('hardens %s', (name) => {
    const service = compose.services[name];
    expect(service).toBeDefined();
    expect(service?.read_only).toBe(true);
    expect(service?.cap_drop).toEqual(['ALL']);
    expect(service?.security_opt).toContain('no-new-privileges:true');
    expect(service?.restart).toBe('unless-stopped');
    expect(service?.logging?.options['max-size']).toBeTruthy();
    expect(service?.logging?.options['max-file']).toBeTruthy();
    expect(service?.healthcheck?.test.length).toBeGreaterThan(1);
  });

  it('puts the homepage on the external kitestacks network with no published port', () => {
    expect(homepage?.networks).toEqual(['kitestacks']);
    expect(compose.networks.kitestacks?.external).toBe(true);
    expect(homepage?.ports).toBeUndefined();
    expect(homepage?.extra_hosts).toContain('host.docker.internal:host-gateway');
    expect(homepage?.environment?.API_UPSTREAM).toMatch(/^host\.docker\.internal:/);
    // The read-only image renders its config at start into the writable /tmp.
    expect(homepage?.tmpfs?.some((entry) => entry.startsWith('/tmp:'))).toBe(true);
  });

  it('runs the API in the host namespaces, on the bridge gateway, never on every address', () => {
    expect(api?.network_mode).toBe('host');
    expect(api?.pid).toBe('host');
    expect(api?.ports).toBeUndefined();
    const host = api?.environment?.HOST ?? '';
    expect(host).toBe('${HOST:-172.17.0.1}');
    expect(host).not.toMatch(/0\.0\.0\.0|::/);
  });

  it('runs the API as a uid and gid no host user or daemon has by default', () => {
    // 65520-65533: reserved by Debian Policy (65000-65533) and left unused by systemd
    // (dynamic service users end at 65519, nobody is 65534); 65532 is distroless' nonroot.
    const [uid, gid] = (api?.user ?? '').split(':').map(Number);
    expect(uid).toBe(gid);
    expect(uid).toBeGreaterThanOrEqual(65520);
    expect(uid).toBeLessThanOrEqual(65533);
    expect(uid).not.toBe(65532);
    // The image, and the token check of scripts/deploy.sh, say the same.
    expect(read('docker/api.Dockerfile')).toMatch(new RegExp(`^USER ${api?.user}$`, 'm'));
    expect(read('scripts/deploy.sh')).toMatch(new RegExp(`^API_UID=${uid}$`, 'm'));
  });

  it('mounts no more of the host than the figures need, read-only, and the token as a secret', () => {
    expect(api?.volumes?.length).toBeGreaterThan(0);
    for (const volume of api?.volumes ?? []) {
      const [source, , options] = volume.split(':');
      expect(options, volume).toBe('ro');
      // Never the host's root (it would expose every readable file), never a propagation
      // option (rslave fails where / is a private mount).
      expect(source, volume).not.toBe('/');
    }
    expect(api?.volumes).toContain('/.kitestacks-disk:/host/disks/root:ro');
    expect(api?.environment?.DISK_PATHS).toBe('${DISK_PATHS:-/=/host/disks/root}');
    expect(api?.secrets).toEqual(['forgejo_token']);
    expect(api?.environment?.FORGEJO_TOKEN_FILE).toBe(
      '${FORGEJO_TOKEN_FILE-/run/secrets/forgejo_token}',
    );
    expect(compose.secrets.forgejo_token?.file).toBeTruthy();
  });

  it.each(['homepage', 'kitestacks-metrics-api'])(
    'limits the memory, CPU and pids of %s',
    (name) => {
      const service = compose.services[name];
      expect(service?.mem_limit).toMatch(/^\d+m$/);
      expect(service?.cpus).toBeGreaterThan(0);
      expect(service?.pids_limit).toBeGreaterThan(0);
    },
  );

  it('passes the base images (and the API its version) as build arguments, unset by default', () => {
    expect(homepage?.build?.args).toEqual(['NODE_IMAGE', 'NGINX_IMAGE']);
    expect(api?.build?.args).toEqual(['NODE_IMAGE', 'PORTAL_VERSION']);
  });
});

describe('the Dockerfiles', () => {
  const web = read('docker/web.Dockerfile');
  const apiImage = read('docker/api.Dockerfile');

  it('pin their base images', () => {
    for (const text of [web, apiImage]) {
      for (const [, image] of text.matchAll(/^ARG \w+_IMAGE=(\S+)$/gm)) {
        expect(image).toMatch(/:\d+\.\d+\.\d+/);
      }
    }
    expect(web).toMatch(/nginx-unprivileged:\d+\.\d+\.\d+/);
  });

  it('build the web image from the template, unprivileged, with a health check', () => {
    expect(web).toContain('/etc/nginx/templates/portal.conf.template');
    expect(web).toMatch(/^USER 101:101$/m);
    expect(web).toMatch(/^HEALTHCHECK .*nginx-health/ms);
  });

  it("give the web image its own main config and entrypoint, not the base image's", () => {
    expect(web).toMatch(/^COPY nginx\/nginx\.conf \/etc\/nginx\/nginx\.conf$/m);
    expect(web).toMatch(/^COPY nginx\/entrypoint\.sh (\S+)$/m);
    const entrypoint = /^COPY nginx\/entrypoint\.sh (\S+)$/m.exec(web)?.[1];
    expect(web).toContain(`ENTRYPOINT ["${entrypoint}"]`);
    expect(web).not.toMatch(/NGINX_ENVSUBST_FILTER/);
    // What the read-only container can write: the rendered config in compose's /tmp tmpfs.
    const main = read('nginx/nginx.conf');
    expect(main).toMatch(/^\s*include \/tmp\/nginx\/conf\.d\/\*\.conf;/m);
    expect(main).toMatch(/^pid \/tmp\//m);
    const script = read('nginx/entrypoint.sh');
    expect(script).toMatch(/^#!\/bin\/sh/);
    for (const name of ['PORTAL_PORT', 'API_UPSTREAM', 'WEB_ROOT'])
      expect(script).toContain(`\${${name}}`);
  });

  it('build the API image from production dependencies, as a non-root user, checked by node', () => {
    expect(apiImage).toMatch(/pnpm --filter @kitestacks\/api deploy --prod/);
    expect(apiImage).toMatch(/^USER \d+:\d+$/m);
    expect(apiImage).not.toMatch(/^USER (0|root)\b/m);
    // The version /api/health reports comes from the image: the build argument, written in.
    expect(apiImage).toMatch(/^ARG PORTAL_VERSION=$/m);
    expect(apiImage).toMatch(/"\$PORTAL_VERSION" > \/app\/api\/build-version$/m);
    expect(apiImage).toMatch(/^HEALTHCHECK .*\["node", /m);
    expect(apiImage).toMatch(/^CMD \["node", "api\/dist\/server\.js"\]$/m);
    expect(apiImage).not.toMatch(/curl/);
  });
});

describe('.env.example', () => {
  it('lists every variable the API reads', () => {
    // The API's own settings, and each source's in its folder.
    const sources = readdirSync(path.join(repoRoot, 'api/src/sources'), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => `api/src/sources/${entry.name}/index.ts`)
      .filter((file) => existsSync(path.join(repoRoot, file)));
    const code = ['api/src/config.ts', 'api/src/trust-proxy.ts', ...sources].map(read).join('\n');
    const read_ = new Set(
      [
        ...code.matchAll(/\(env, '([A-Z][A-Z0-9_]+)'/g),
        ...code.matchAll(/env\['([A-Z][A-Z0-9_]+)'\]/g),
      ].map((match) => match[1]),
    );
    expect(read_).toContain('WEATHER_LOCATION');
    expect(read_).toContain('PEERS');
    expect(read_).toContain('TRUST_PROXY');
    expect(read_.size).toBeGreaterThan(20);
    const example = read('.env.example');
    const listed = new Set(
      [...example.matchAll(/^#? ?([A-Z][A-Z0-9_]+)=/gm)].map((match) => match[1]),
    );
    expect([...read_].filter((name) => !listed.has(name))).toEqual([]);
  });

  it('lists every variable compose.yaml reads', () => {
    const used = new Set(
      [...read('compose.yaml').matchAll(/\$\{([A-Z][A-Z0-9_]+)/g)].map((match) => match[1]),
    );
    const listed = new Set(
      [...read('.env.example').matchAll(/^#? ?([A-Z][A-Z0-9_]+)=/gm)].map((match) => match[1]),
    );
    expect([...used].filter((name) => !listed.has(name))).toEqual([]);
  });
});
