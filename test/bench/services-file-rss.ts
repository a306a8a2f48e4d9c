/**
 * Memory of the embedded mode's `/services.json` under slow readers: starts a built
 * entrypoint on loopback with a SERVICES_FILE of the given size, opens `--readers` sockets
 * that each ask for the file once and then never read, and reports the API's RSS before and
 * at its peak while they hold on. A file over the 1 MiB bound is refused at start, which is
 * reported as such.
 *
 *   pnpm exec tsx test/bench/services-file-rss.ts -- --mb 50 --readers 20
 *   pnpm exec tsx test/bench/services-file-rss.ts -- --entry <other checkout>/api/dist/server.js
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { setTimeout as sleep } from 'node:timers/promises';
import { serverEntry } from '../support/portal-process.js';
import { freePort } from '../../scripts/lib/ports.js';
import { MIB, rssBytes } from './lib/proc.js';

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    entry: { type: 'string', default: serverEntry },
    mb: { type: 'string', default: '50' },
    readers: { type: 'string', default: '20' },
    hold: { type: 'string', default: '5' },
  },
});
const sizeBytes = Math.round(Number(values.mb) * MIB);
const readers = Math.min(100, Math.max(1, Number(values.readers)));
const holdMs = Math.min(30, Math.max(1, Number(values.hold))) * 1000;

const dir = mkdtempSync(path.join(os.tmpdir(), 'kite-services-rss-'));
writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>KiteStacks</title>');
const servicesFile = path.join(dir, 'services.json');
writeFileSync(servicesFile, Buffer.alloc(sizeBytes, 0x20));

const port = await freePort();
const child = spawn(process.execPath, [values.entry], {
  env: {
    PATH: process.env.PATH ?? '',
    HOST: '127.0.0.1',
    PORT: String(port),
    WEB_ROOT: dir,
    SERVICES_FILE: servicesFile,
    LOG_LEVEL: 'warn',
    LOG_FORMAT: 'json',
  },
  stdio: ['ignore', 'ignore', 'pipe'],
});
let stderr = '';
child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));

async function ready(): Promise<boolean> {
  for (let i = 0; i < 100; i += 1) {
    if (child.exitCode !== null) return false;
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) return true;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  return false;
}

const label = `SERVICES_FILE of ${values.mb} MiB, ${readers} slow readers`;
if (!(await ready())) {
  child.kill('SIGTERM');
  await exited;
  console.log(`${label}: refused at start: ${stderr.trim().split('\n')[0] ?? ''}`);
  process.exit(0);
}

const pid = child.pid as number;
const idle = rssBytes(pid);
const sockets = Array.from({ length: readers }, () => {
  const socket = net.connect(port, '127.0.0.1', () => {
    socket.write(`GET /services.json HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\n\r\n`);
    // A slow reader: the answer stays queued in the API until this socket reads it.
    socket.pause();
  });
  socket.on('error', () => undefined);
  return socket;
});
let peak = idle;
const until = Date.now() + holdMs;
while (Date.now() < until) {
  peak = Math.max(peak, rssBytes(pid));
  await sleep(100);
}
const hwmKib = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
for (const socket of sockets) socket.destroy();
child.kill('SIGTERM');
await exited;

const mib = (bytes: number) => `${(bytes / MIB).toFixed(0)} MiB`;
console.log(
  `${label}: RSS ${mib(idle)} before the readers, peak ${mib(peak)} while they held on` +
    ` (VmHWM ${mib(Number(hwmKib ?? 0) * 1024)})`,
);
