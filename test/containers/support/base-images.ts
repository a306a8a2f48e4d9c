/**
 * The base images the Dockerfiles build FROM. The official ones (pinned as the Dockerfiles'
 * ARG defaults) when they are here or can be pulled; otherwise stand-ins built from Debian
 * packages with mmdebstrap, for machines that reach Debian's mirrors but no public container
 * registry. They reach the Dockerfiles through the same build arguments a user would set
 * (NODE_IMAGE, NGINX_IMAGE), so nothing test-only enters the images.
 *
 * A stand-in is built once per recipe and reused by tag: the tag carries a hash of the
 * recipe (and of the CA bundle it copies in), so changing either builds a new one.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '../../support/portal-process.js';
import { binary, type Requirement } from '../../support/requirements.js';
import { docker, exists } from './engine.js';

export type BaseArg = 'NODE_IMAGE' | 'NGINX_IMAGE';

/** The machine's CA bundle: builds reach the npm registry only through what it trusts. */
const HOST_CA_BUNDLE = '/etc/ssl/certs/ca-certificates.crt';
const IMAGE_CA_BUNDLE = '/usr/local/share/host-ca/ca-certificates.crt';
const SUITE = 'trixie';
const PULL_TIMEOUT_MS = 10 * 60_000;
const BUILD_TIMEOUT_MS = 15 * 60_000;

interface Recipe {
  /** Debian packages on top of minbase. */
  packages: string[];
  /** Dockerfile instructions applied on import. */
  changes: string[];
  /** Whether the image gets the machine's CA bundle (it fetches from npm at build time). */
  trustHostCa: boolean;
}

const RECIPES: Record<BaseArg, Recipe> = {
  // Node 20.19 from Debian 13, npm to install pnpm as the Dockerfiles do.
  NODE_IMAGE: {
    packages: ['nodejs', 'npm', 'ca-certificates'],
    changes: [`ENV NODE_EXTRA_CA_CERTS=${IMAGE_CA_BUNDLE}`, 'CMD ["node"]'],
    trustHostCa: true,
  },
  // What docker/web.Dockerfile needs of its base: nginx, envsubst (the entrypoint's
  // rendering), wget (the health check).
  NGINX_IMAGE: {
    packages: ['nginx', 'gettext-base', 'wget', 'ca-certificates'],
    changes: ['CMD ["nginx", "-g", "daemon off;"]'],
    trustHostCa: false,
  },
};

/** The pinned default of `ARG <name>=` in the Dockerfile that declares it. */
export function officialImage(arg: BaseArg): string {
  const dockerfile = arg === 'NODE_IMAGE' ? 'api.Dockerfile' : 'web.Dockerfile';
  const text = readFileSync(path.join(repoRoot, 'docker', dockerfile), 'utf8');
  const image = new RegExp(`^ARG ${arg}=(\\S+)$`, 'm').exec(text)?.[1];
  if (!image) throw new Error(`docker/${dockerfile} declares no ARG ${arg}=<image>`);
  return image;
}

export function standInTag(arg: BaseArg): string {
  const recipe = RECIPES[arg];
  const hash = createHash('sha256').update(JSON.stringify({ SUITE, recipe }));
  if (recipe.trustHostCa && existsSync(HOST_CA_BUNDLE)) hash.update(readFileSync(HOST_CA_BUNDLE));
  const name = arg === 'NODE_IMAGE' ? 'node' : 'nginx';
  return `kitestacks-standin/${name}:${SUITE}-${hash.digest('hex').slice(0, 12)}`;
}

async function pullable(image: string): Promise<boolean> {
  if (await exists('image', image)) return true;
  try {
    await docker(['pull', '--quiet', image], { timeoutMs: PULL_TIMEOUT_MS });
    return true;
  } catch {
    return false;
  }
}

/**
 * `mmdebstrap … - | docker import … -`, both ends watched. The import goes to a scratch tag
 * first: a tarball cut short by a failed mmdebstrap still imports, and must never be reused.
 */
async function buildStandIn(arg: BaseArg, tag: string): Promise<void> {
  const scratch = `${tag}-partial`;
  try {
    await importRootfs(arg, scratch);
    await docker(['image', 'tag', scratch, tag]);
  } finally {
    await docker(['image', 'rm', scratch]).catch(() => undefined);
  }
}

function importRootfs(arg: BaseArg, tag: string): Promise<void> {
  const recipe = RECIPES[arg];
  const strapArgs = ['--quiet', '--variant=minbase', `--include=${recipe.packages.join(',')}`];
  if (recipe.trustHostCa && existsSync(HOST_CA_BUNDLE)) {
    const dir = path.posix.dirname(IMAGE_CA_BUNDLE);
    strapArgs.push(
      `--customize-hook=mkdir -p "$1${dir}" && cp ${HOST_CA_BUNDLE} "$1${IMAGE_CA_BUNDLE}"`,
    );
  }
  strapArgs.push(SUITE, '-');
  const importArgs = ['import', ...recipe.changes.flatMap((change) => ['--change', change])];
  importArgs.push('-', tag);

  return new Promise((resolve, reject) => {
    const strap = spawn('mmdebstrap', strapArgs, { stdio: ['ignore', 'pipe', 'pipe'] });
    const load = spawn('docker', importArgs, { stdio: ['pipe', 'ignore', 'pipe'] });
    let errors = '';
    strap.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    load.stderr.on('data', (chunk: Buffer) => (errors += chunk.toString()));
    strap.stdout.pipe(load.stdin);
    const timer = setTimeout(() => {
      strap.kill('SIGKILL');
      load.kill('SIGKILL');
    }, BUILD_TIMEOUT_MS);
    let strapCode: number | null = null;
    strap.on('close', (code) => (strapCode = code));
    load.on('close', (code) => {
      clearTimeout(timer);
      if (code === 0 && strapCode === 0) resolve();
      else reject(new Error(`stand-in ${tag}: mmdebstrap | docker import failed\n${errors}`));
    });
  });
}

export interface BaseImage {
  arg: BaseArg;
  image: string;
  kind: 'official' | 'stand-in (reused)' | 'stand-in (built)';
  seconds: number;
}

/** Whether base images can be had at all: pulled, already here, or built with mmdebstrap. */
export async function baseImagesObtainable(): Promise<Requirement> {
  const missing: string[] = [];
  for (const arg of Object.keys(RECIPES) as BaseArg[]) {
    if (await pullable(officialImage(arg))) continue;
    if (await exists('image', standInTag(arg))) continue;
    missing.push(officialImage(arg));
  }
  if (missing.length === 0 || binary('mmdebstrap', ['/usr/bin/mmdebstrap']).ok) {
    return { ok: true, reason: '' };
  }
  return {
    ok: false,
    reason: `${missing.join(' and ')} cannot be pulled, and mmdebstrap (to build stand-ins from Debian packages) is not installed`,
  };
}

/** The image for each build argument: official when it can be had, a stand-in otherwise. */
export async function resolveBaseImages(): Promise<BaseImage[]> {
  return Promise.all(
    (Object.keys(RECIPES) as BaseArg[]).map(async (arg): Promise<BaseImage> => {
      const started = performance.now();
      const seconds = () => Math.round((performance.now() - started) / 100) / 10;
      const official = officialImage(arg);
      if (await pullable(official)) return { arg, image: official, kind: 'official', seconds: 0 };
      const tag = standInTag(arg);
      if (await exists('image', tag)) {
        return { arg, image: tag, kind: 'stand-in (reused)', seconds: 0 };
      }
      await buildStandIn(arg, tag);
      return { arg, image: tag, kind: 'stand-in (built)', seconds: seconds() };
    }),
  );
}
