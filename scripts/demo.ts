/**
 * `pnpm demo`: the whole portal with no internet. Starts the fake Forgejo, wttr.in and
 * Uptime Kuma with rich sample data (dozens of repositories, the eleven KiteStacks
 * services with one down, the recorded weather observed minutes ago), runs the production
 * entrypoint pointed at them on http://127.0.0.1:8000 (PORT to change it), then breaks one
 * source so the page shows a stale panel.
 *
 * The API can be stopped and started while the fakes stay up, to show the page going
 * offline and coming back: type `k` (stop) or `r` (restart) and Enter, or kill the API's
 * process; `q` or Ctrl-C ends the demo.
 *
 * DEMO_STALE=activity (default), status or none chooses which source goes stale.
 */
import { createInterface } from 'node:readline';
import { buildIfMissing, STALE_TTL_S, startDemo, type StaleSource } from './lib/demo.js';

const port = Number(process.env.PORT ?? '8000');
const stale = (process.env.DEMO_STALE ?? 'activity') as StaleSource;
if (!['activity', 'status', 'none'].includes(stale)) {
  console.error(`DEMO_STALE=${JSON.stringify(stale)}: expected activity, status or none`);
  process.exit(2);
}
if (!Number.isInteger(port) || port < 1 || port > 65_535) {
  console.error(`PORT=${JSON.stringify(process.env.PORT)}: expected a port number`);
  process.exit(2);
}

const KEYS = 'Type r + Enter to restart it, k + Enter to stop it, q + Enter (or Ctrl-C) to quit.';
/** How long the broken source fails, then answers, by turns. */
const FLIP_EVERY_MS = 60_000;

/** One line per change of state, then the keys again, so they never scroll away. */
function say(line: string): void {
  console.log(`  demo: ${line}\n  ${KEYS}`);
}

try {
  buildIfMissing();
} catch (error) {
  console.error(`demo: ${(error as Error).message}`);
  process.exit(1);
}

const demo = await startDemo({
  port,
  stale,
  flipEveryMs: FLIP_EVERY_MS,
  onApiExit(code, signal) {
    say(
      `the API stopped (${signal ?? `exit ${code}`}); the fakes are still up and the page shows it offline.`,
    );
  },
  onSourceChange(failing, { name, panel }) {
    say(
      failing
        ? `${name} answers 500 now: within ${STALE_TTL_S} s the ${panel} panel shows its last good answer, marked stale.`
        : `${name} answers again: the ${panel} panel is live within ${STALE_TTL_S} s.`,
    );
  },
}).catch((error: unknown) => {
  console.error(`demo: ${(error as Error).message}`);
  process.exit(1);
});
const { fakes } = demo;

let closing = false;
async function quit(): Promise<void> {
  if (closing) return;
  closing = true;
  await demo.close();
  process.exit(0);
}
process.on('SIGINT', () => void quit());
process.on('SIGTERM', () => void quit());

const brokenNote = demo.broken
  ? `\n  ${demo.broken.name} now answers 500: within ${STALE_TTL_S} s the ${demo.broken.panel} panel shows its last good answer, marked stale.\n  It answers again a minute later, and so on by turns.\n`
  : '';
console.log(`
  KiteStacks Portal demo: ${demo.url}/

  Fake upstreams (no internet needed):
    Forgejo      ${fakes?.forgejo.url}  (${fakes?.forgejo.data.repos.length} repositories, some private, one empty)
    wttr.in      ${fakes?.wttr.url}  (the recorded sample for Heideck, Bavaria, observed minutes ago)
    Uptime Kuma  ${fakes?.kuma.url}  (11 services: osTicket down, Portainer pending, BookStack in maintenance, Karakeep never checked)
    kscloud1     the second host, a small VPS with its own disks and figures that move
${brokenNote}
  The API runs as process ${demo.apiPid()}. Stop it (or kill it) to see the page go offline;
  the fakes stay up. ${KEYS}
`);

const commands = createInterface({ input: process.stdin });
commands.on('line', (line) => {
  const command = line.trim().toLowerCase();
  if (command === 'q') return void quit();
  if (command === 'k') {
    if (demo.apiPid() === null) return say('the API is not running.');
    void demo
      .stopApi()
      .then(() => say('API stopped; the fakes are still up and the page shows it offline.'));
    return;
  }
  if (command === 'r') {
    if (demo.apiPid() !== null) return say('the API is already running.');
    void demo.startApi().then(
      () =>
        say(
          `API running again on ${demo.url}/ (process ${demo.apiPid()}).${
            demo.broken
              ? ` ${demo.broken.name} answers 500 again: within ${STALE_TTL_S} s the ${demo.broken.panel} panel is stale.`
              : ''
          }`,
        ),
      (error: unknown) => say(`the API did not start: ${(error as Error).message}`),
    );
    return;
  }
  if (command) say(`unknown command ${JSON.stringify(command)}.`);
});
// stdin closed (run without a terminal): keep serving until a signal.
commands.on('close', () => undefined);
