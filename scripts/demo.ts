/**
 * `pnpm demo`: the whole portal with no internet. Starts the fake Forgejo, wttr.in and
 * Uptime Kuma with rich sample data (dozens of repositories, the eleven KiteStacks
 * services with one down), runs the production entrypoint pointed at them on
 * http://127.0.0.1:8000 (PORT to change it), then breaks one source so the page shows a
 * stale panel. Ctrl-C stops everything.
 *
 * DEMO_STALE=activity (default), status or none chooses which source goes stale.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFakes } from '../test/fakes/index.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const port = process.env.PORT ?? '8000';
const staleSource = process.env.DEMO_STALE ?? 'activity';
if (!['activity', 'status', 'none'].includes(staleSource)) {
  console.error(`DEMO_STALE=${JSON.stringify(staleSource)}: expected activity, status or none`);
  process.exit(2);
}
/** Short enough that the broken source turns stale while you watch. */
const STALE_TTL_S = 10;

for (const [pkg, built] of [
  ['api', 'api/dist/server.js'],
  ['web', 'web/dist/index.html'],
] as const) {
  if (existsSync(path.join(root, built))) continue;
  console.log(`demo: building ${pkg}/ (first run)…`);
  const result = spawnSync('pnpm', ['--filter', `@kitestacks/${pkg}`, 'run', 'build'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const fakes = await startFakes({ dataset: 'rich' });
const portal = spawn(process.execPath, [path.join(root, 'api/dist/server.js')], {
  cwd: root,
  stdio: 'inherit',
  env: {
    ...process.env,
    HOST: '127.0.0.1',
    PORT: port,
    ...fakes.env,
    ACTIVITY_TTL_S: staleSource === 'activity' ? String(STALE_TTL_S) : '60',
    STATUS_TTL_S: staleSource === 'status' ? String(STALE_TTL_S) : '30',
  },
});

let stopping = false;
async function stop(code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  if (portal.exitCode === null) portal.kill('SIGTERM');
  await fakes.close();
  process.exit(code);
}
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));
portal.on('exit', (code) => void stop(code ?? 1));

const base = `http://127.0.0.1:${port}`;
const deadline = Date.now() + 15_000;
for (;;) {
  try {
    if ((await fetch(`${base}/api/health`)).ok) break;
  } catch {
    // not listening yet
  }
  if (Date.now() > deadline) {
    console.error('demo: the portal did not answer /api/health within 15 s');
    await stop(1);
  }
  await new Promise((resolve) => setTimeout(resolve, 200));
}

// Warm every source while the fakes are healthy, then break one of them.
await Promise.all(
  ['/api/weather', '/api/activity', '/api/status'].map((p) => fetch(`${base}${p}`)),
);
if (staleSource === 'activity') await fakes.forgejo.setFault('500');
if (staleSource === 'status') await fakes.kuma.setFault('500');

console.log(`
  KiteStacks Portal demo: ${base}/

  Fake upstreams (no internet needed):
    Forgejo      ${fakes.forgejo.url}  (${fakes.forgejo.data.repos.length} repositories, some private, one empty)
    wttr.in      ${fakes.wttr.url}  (the recorded sample for Heideck, Bavaria)
    Uptime Kuma  ${fakes.kuma.url}  (11 services: osTicket down, Portainer pending, BookStack in maintenance, Karakeep never checked)
${
  staleSource === 'none'
    ? ''
    : `
  ${staleSource === 'activity' ? 'Forgejo' : 'Uptime Kuma'} now answers 500: within ${STALE_TTL_S} s the ${staleSource} panel shows its last good answer, marked stale.
`
}
  Ctrl-C to stop.
`);
