/**
 * scripts/deploy.sh without Docker: a checkout in a temporary folder holding the script,
 * `.env` and the token secret, and a stand-in `docker` on PATH that does what the script
 * relies on (compose reads PORTAL_VERSION from the shell first, then `.env`; `build` makes
 * the images of that version; `up` starts what `.env` names) and writes down every call.
 * The container suite runs the same script against a real engine.
 */
import { execFile } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/portal-process.js';

/** The stand-in `docker`: images in $STATE/images, one call per line in $STATE/calls. */
const FAKE_DOCKER = `#!/usr/bin/env bash
set -u
version() { echo "\${PORTAL_VERSION:-$(sed -n 's/^PORTAL_VERSION=//p' .env | tail -n 1)}"; }
echo "$* | version=$(version)" >>"$STATE/calls"
case "$1 $2" in
"compose build")
    [ -e "$STATE/build-fails" ] && { echo "build failed" >&2; exit 1; }
    printf '%s\\n' "kitestacks/portal-web:$(version)" "kitestacks/portal-api:$(version)" >>"$STATE/images" ;;
"compose config") printf '%s\\n' "kitestacks/portal-web:$(version)" "kitestacks/portal-api:$(version)" ;;
"compose up")
    [ -e "$STATE/up-fails" ] && exit 1
    grep -qx "kitestacks/portal-api:$(version)" "$STATE/images" || exit 1
    echo "$(version)" >"$STATE/running" ;;
"compose ps") [ -e "$STATE/running" ] && echo "kitestacks/portal-api:$(cat "$STATE/running")" ;;
"image inspect")
    shift 2
    for image in "$@"; do grep -qx "$image" "$STATE/images" || exit 1; done ;;
*) echo "unexpected: docker $*" >&2; exit 2 ;;
esac
`;

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

describe('scripts/deploy.sh', () => {
  let dir = '';
  let state = '';
  const envFile = () => readFileSync(path.join(dir, '.env'), 'utf8');
  const setting = (name: string) => new RegExp(`^${name}=(.*)$`, 'm').exec(envFile())?.[1] ?? null;
  const calls = () => readFileSync(path.join(state, 'calls'), 'utf8').trim().split('\n');
  const running = () => readFileSync(path.join(state, 'running'), 'utf8').trim();
  const flag = (name: string) => writeFileSync(path.join(state, name), '');

  function deploy(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Result> {
    return new Promise((resolve) => {
      execFile(
        'bash',
        [path.join(dir, 'scripts', 'deploy.sh'), ...args],
        {
          cwd: os.tmpdir(), // the script finds its checkout by its own place
          env: { PATH: `${path.join(state, 'bin')}:${process.env.PATH}`, STATE: state, ...env },
          timeout: 20_000,
        },
        (error, stdout, stderr) =>
          resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
      );
    });
  }

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'deploy-checkout-'));
    state = path.join(dir, '.fake-docker');
    mkdirSync(path.join(dir, 'scripts', 'lib'), { recursive: true });
    for (const file of ['scripts/deploy.sh', 'scripts/lib/dotenv.sh']) {
      copyFileSync(path.join(repoRoot, file), path.join(dir, file));
    }
    copyFileSync(path.join(repoRoot, '.env.example'), path.join(dir, '.env'));
    mkdirSync(path.join(dir, 'secrets'));
    writeFileSync(path.join(dir, 'secrets', 'forgejo_token'), 'token');
    chmodSync(path.join(dir, 'secrets', 'forgejo_token'), 0o444);
    mkdirSync(path.join(state, 'bin'), { recursive: true });
    writeFileSync(path.join(state, 'bin', 'docker'), FAKE_DOCKER, { mode: 0o755 });
    writeFileSync(path.join(state, 'images'), '');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('update builds the version, then writes it to .env and starts what .env names', async () => {
    const result = await deploy(['update', 'v1']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(setting('PORTAL_VERSION')).toBe('v1');
    // .env.example's `latest` has no images here: nothing to roll back to.
    expect(setting('PORTAL_PREVIOUS_VERSION')).toBeNull();
    expect(calls()[0]).toBe('compose build | version=v1');
    expect(calls().at(-1)).toMatch(/^compose up --detach --wait .* \| version=v1$/);
    expect(running()).toBe('v1');
    expect(result.stdout).toMatch(/^v1 runs, healthy after \d+ s$/m);
  });

  it('keeps the version it replaces, and rollback swaps the two', async () => {
    await deploy(['update', 'v1']);
    await deploy(['update', 'v2']);
    expect([setting('PORTAL_VERSION'), setting('PORTAL_PREVIOUS_VERSION')]).toEqual(['v2', 'v1']);
    expect(running()).toBe('v2');

    const back = await deploy(['rollback']);
    expect(back.code).toBe(0);
    expect([setting('PORTAL_VERSION'), setting('PORTAL_PREVIOUS_VERSION')]).toEqual(['v1', 'v2']);
    expect(running()).toBe('v1');
    expect(calls().filter((call) => call.startsWith('compose build'))).toHaveLength(2);

    // Rolling back a rollback returns to where it began.
    await deploy(['rollback']);
    expect([setting('PORTAL_VERSION'), setting('PORTAL_PREVIOUS_VERSION')]).toEqual(['v2', 'v1']);
    expect(running()).toBe('v2');
  });

  it('changes only its two lines of .env', async () => {
    const before = envFile();
    await deploy(['update', 'v1']);
    await deploy(['update', 'v2']);
    const changed = (text: string) =>
      text.split('\n').filter((line) => !/^PORTAL_(PREVIOUS_)?VERSION=/.test(line));
    expect(changed(envFile())).toEqual(changed(before));
    expect(envFile().match(/^PORTAL_VERSION=/gm)).toHaveLength(1);
    expect(envFile().match(/^PORTAL_PREVIOUS_VERSION=/gm)).toHaveLength(1);
  });

  it('ignores a PORTAL_VERSION left in the shell: .env decides', async () => {
    await deploy(['update', 'v1']);
    await deploy(['update', 'v2'], { PORTAL_VERSION: 'v1' });
    expect(running()).toBe('v2');
    await deploy(['rollback'], { PORTAL_VERSION: 'v2' });
    expect(running()).toBe('v1');
  });

  it('leaves .env alone when the build fails', async () => {
    await deploy(['update', 'v1']);
    const before = envFile();
    flag('build-fails');
    const result = await deploy(['update', 'v2']);
    expect(result.code).not.toBe(0);
    expect(envFile()).toBe(before);
    expect(running()).toBe('v1');
  });

  it('names the way back when the new version does not become healthy', async () => {
    await deploy(['update', 'v1']);
    flag('up-fails');
    const result = await deploy(['update', 'v2']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/v2 is not healthy .*scripts\/deploy\.sh rollback returns to v1/);
  });

  it('refuses a rollback with no previous version, or whose images are gone', async () => {
    await deploy(['update', 'v1']);
    const none = await deploy(['rollback']);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/no PORTAL_PREVIOUS_VERSION in \.env/);

    await deploy(['update', 'v2']);
    writeFileSync(
      path.join(state, 'images'),
      'kitestacks/portal-web:v2\nkitestacks/portal-api:v2\n',
    );
    const gone = await deploy(['rollback']);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toMatch(/the images of v1 are gone/);
    expect(setting('PORTAL_VERSION')).toBe('v2');
  });

  it.each(['has space', 'a/b', '-x', 'x'.repeat(129)])(
    'refuses %j as a version',
    async (version) => {
      await deploy(['update', 'v1']);
      const before = envFile();
      const result = await deploy(['update', version]);
      expect(result.code).toBe(1);
      expect(envFile()).toBe(before);
    },
  );

  it('takes the commit as the version, and refuses a checkout with uncommitted changes', async () => {
    const git = (...args: string[]) =>
      new Promise<string>((resolve, reject) =>
        execFile('git', ['-C', dir, ...args], (error, stdout) =>
          error ? reject(error) : resolve(stdout.trim()),
        ),
      );
    await git('init', '-q');
    await git('add', 'scripts');
    await git('-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'commit', '-qm', 'x');
    const result = await deploy(['update']);
    expect(result.code).toBe(0);
    expect(setting('PORTAL_VERSION')).toBe(await git('rev-parse', '--short', 'HEAD'));

    writeFileSync(path.join(dir, 'scripts', 'deploy.sh'), '\n', { flag: 'a' });
    const dirty = await deploy(['update']);
    expect(dirty.code).toBe(1);
    expect(dirty.stderr).toMatch(/uncommitted changes/);
  });

  it('refuses to start an API that could not read its token secret', async () => {
    const secret = path.join(dir, 'secrets', 'forgejo_token');
    chmodSync(secret, 0o400);
    // The owner is whoever runs the test; only root may give it to uid 65530.
    const result = await deploy(['update', 'v1']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /cannot read \.\/secrets\/forgejo_token .*sudo chown 65530:65530 \.\/secrets\/forgejo_token && sudo chmod 400/,
    );
    expect(existsSync(path.join(state, 'calls')), 'docker was called').toBe(false);
  });

  it('status says what .env names and what runs', async () => {
    await deploy(['update', 'v1']);
    await deploy(['update', 'v2']);
    writeFileSync(path.join(state, 'running'), 'v1\n');
    const result = await deploy(['status']);
    expect(result.stdout).toMatch(/^PORTAL_VERSION=v2$/m);
    expect(result.stdout).toMatch(/^PORTAL_PREVIOUS_VERSION=v1$/m);
    expect(result.stdout).toMatch(/running: v1 but \.env says v2/);
  });
});
