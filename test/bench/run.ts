/**
 * `pnpm bench`: builds what is missing, starts every server itself on loopback, runs the
 * selected suites one after another (each load bounded in count and time), stops
 * everything, and prints ONE table. Progress goes to stderr, the table to stdout and to
 * .artifacts/bench.md; `--readme` also writes it into docs/benchmarks.md (the README links it).
 *
 *   pnpm bench                              every suite (about nine minutes)
 *   pnpm bench -- --only metrics,idle       a subset
 *   pnpm bench -- --only freshness          age of the figures for slow pollers (about 4 minutes)
 *   pnpm bench -- --duration 5              seconds per load run (default 8)
 *   pnpm bench -- --idle-window 10 --soak 20   shorter idle windows and soak (defaults 30, 60)
 *   pnpm bench -- --only spike              10,000 visitors in a minute, via nginx and behind
 *                                           Varnish (about six minutes; only when named)
 *   pnpm bench -- --only spike --visitors 1000 --arrival 15 --session 15 --edges direct
 *   pnpm bench -- --only spike --edges containers --containers http://172.18.0.5:8080
 *   pnpm bench -- --only spike --nginx-from <git revision>   an older nginx sizing, same crowd
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot, serverEntry, webDist } from '../support/portal-process.js';
import { nginxBinary } from '../support/requirements.js';
import type { BenchContext } from './lib/context.js';
import { renderTable, skipped, type Row } from './lib/report.js';
import { nginxVersion } from './lib/nginx.js';
import { wrkBinary, wrkVersion } from './lib/wrk.js';
import { SUITES } from './suites/index.js';

const README_START = '<!-- bench:start -->';
const README_END = '<!-- bench:end -->';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    only: { type: 'string' },
    duration: { type: 'string', default: '8' },
    'idle-window': { type: 'string', default: '30' },
    soak: { type: 'string', default: '60' },
    visitors: { type: 'string', default: '10000' },
    arrival: { type: 'string', default: '60' },
    session: { type: 'string', default: '60' },
    edges: { type: 'string', default: 'direct,varnish' },
    containers: { type: 'string' },
    'nginx-from': { type: 'string' },
    readme: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});

if (values.help) {
  console.log(
    'usage: pnpm bench [-- --only <ids>] [--duration <s>] [--idle-window <s>] [--soak <s>] [--readme]\n' +
      '       spike: [--visitors <n>] [--arrival <s>] [--session <s>] [--edges direct,varnish,containers] [--containers <url>] [--nginx-from <rev>]\n\nsuites:',
  );
  for (const suite of SUITES) console.log(`  ${suite.id.padEnd(8)} ${suite.about}`);
  process.exit(0);
}

const wanted = values.only
  ?.split(',')
  .map((id) => id.trim())
  .filter(Boolean);
const unknown = wanted?.filter((id) => !SUITES.some((suite) => suite.id === id)) ?? [];
if (unknown.length > 0) {
  console.error(
    `unknown suite(s): ${unknown.join(', ')}; known: ${SUITES.map((suite) => suite.id).join(', ')}`,
  );
  process.exit(2);
}
function wholeSeconds(name: string, raw: string, max: number, unit = 'whole seconds'): number {
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > max) {
    console.error(`--${name}: expected ${unit} from 1 to ${max}`);
    process.exit(2);
  }
  return value;
}
const durationS = wholeSeconds('duration', values.duration, 60);
const idleWindowS = wholeSeconds('idle-window', values['idle-window'], 300);
const soakS = wholeSeconds('soak', values.soak, 600);
const spikeVisitors = wholeSeconds('visitors', values.visitors, 20_000, 'a whole number');
const arrivalS = wholeSeconds('arrival', values.arrival, 120);
const sessionS = wholeSeconds('session', values.session, 120);
const EDGES = ['direct', 'varnish', 'containers'] as const;
const edges = values.edges.split(',').map((edge) => edge.trim());
const badEdge = edges.find((edge) => !(EDGES as readonly string[]).includes(edge));
if (badEdge !== undefined) {
  console.error(`--edges: expected a list of ${EDGES.join(', ')}; got ${badEdge}`);
  process.exit(2);
}
const selected = SUITES.filter((suite) =>
  wanted ? wanted.includes(suite.id) : suite.optIn !== true,
);

const log = (message: string) => process.stderr.write(`[bench] ${message}\n`);

function ensureBuilt(): void {
  if (existsSync(serverEntry) && existsSync(path.join(webDist, 'index.html'))) return;
  log('building (api/dist or web/dist is missing)');
  const result = spawnSync('pnpm', ['build'], { cwd: repoRoot, stdio: ['ignore', 2, 2] });
  if (result.status !== 0) {
    console.error('pnpm build failed; see above');
    process.exit(1);
  }
}

// Everything a suite started, stopped in reverse order when it ends or the run is interrupted.
const owned: { stop(): Promise<unknown> }[] = [];
async function stopOwned(): Promise<void> {
  for (let resource = owned.pop(); resource; resource = owned.pop()) {
    await resource.stop().catch((error: unknown) => log(`cleanup: ${String(error)}`));
  }
}
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    log(`${signal}: stopping everything`);
    void stopOwned().finally(() => process.exit(130));
  });
}

const cores = os.cpus().length;
const threads = Math.min(cores, 4);
const ctx: BenchContext = {
  cores,
  durationS,
  threads,
  idleWindowS,
  soakS,
  spike: {
    visitors: spikeVisitors,
    arrivalS,
    sessionS,
    edges: edges as (typeof EDGES)[number][],
    containersUrl: values.containers,
    nginxFrom: values['nginx-from'],
  },
  log,
  own(resource) {
    owned.push(resource);
    return resource;
  },
};

ensureBuilt();
const started = Date.now();
const rows: Row[] = [];
const missing = [wrkBinary(), nginxBinary()].filter((requirement) => !requirement.ok);
for (const suite of selected) {
  log(`— ${suite.id}: ${suite.about}`);
  try {
    if (missing.length > 0)
      rows.push(skipped(suite.id, missing.map((requirement) => requirement.reason).join('; ')));
    else rows.push(...(await suite.run(ctx)));
  } catch (error) {
    log(
      `${suite.id} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    rows.push({
      name: suite.id,
      figure: `error: ${String(error instanceof Error ? error.message : error).split('\n')[0]}`,
      goal: '',
      verdict: 'FAIL',
    });
  } finally {
    await stopOwned();
  }
}

const command = [
  'pnpm bench',
  ...process.argv.slice(2).filter((arg) => arg !== '--' && arg !== '--readme'),
].join(' ');
const cpuModel = os.cpus()[0]?.model.replace(/\s+/g, ' ').trim() ?? 'unknown CPU';
const header = [
  `Command: \`${command}\` — ${new Date().toISOString().slice(0, 10)}, ${Math.round((Date.now() - started) / 1000)} s`,
  `Machine: ${cores} cores (${cpuModel}), ${os.type()} ${os.release()}, Node ${process.version}`,
  `Load: wrk ${wrkVersion()} (${threads} threads, ${durationS} s per run) on loopback; baseline nginx ${nginxVersion()} with ${cores} workers (one per core)`,
].join('  \n');
const table = `${header}\n\n${renderTable(rows)}\n`;
process.stdout.write(`\n${table}`);

mkdirSync(path.join(repoRoot, '.artifacts'), { recursive: true });
writeFileSync(path.join(repoRoot, '.artifacts', 'bench.md'), table);
if (values.readme) {
  const readmePath = path.join(repoRoot, 'docs', 'benchmarks.md');
  const readme = readFileSync(readmePath, 'utf8');
  const start = readme.indexOf(README_START);
  const end = readme.indexOf(README_END);
  if (start < 0 || end < start) {
    log(
      `docs/benchmarks.md has no ${README_START} … ${README_END} markers; table not written there`,
    );
  } else {
    // Blank lines around the table, as Prettier formats Markdown.
    writeFileSync(
      readmePath,
      `${readme.slice(0, start + README_START.length)}\n\n${table}\n${readme.slice(end)}`,
    );
    log('table written into docs/benchmarks.md');
  }
}
