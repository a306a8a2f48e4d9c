/**
 * A crowd arrives faster than a busy process accepts. The kernel holds completed connections
 * in the listening socket's queue until the process takes them; past the queue it drops the
 * SYN, and the client tries again only after 1 s, then 3 s (the spike benchmark measured
 * p99 in seconds from exactly that). Both nginx and the API ask for a queue far longer than
 * the 511 that both default to.
 *
 * The test stops the process (SIGSTOP), so nothing is accepted at all, opens more
 * connections than a default queue holds, and counts how many the kernel completed.
 */
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { startNginx } from '../support/nginx.js';
import { startPortal, webDist } from '../support/portal-process.js';
import { canRun, nginxBinary } from '../support/requirements.js';

/** Past Node's and nginx's default queue of 511, well inside the 4,096 both ask for. */
const CROWD = 1_200;

const somaxconn = Number(readFileSync('/proc/sys/net/core/somaxconn', 'utf8').trim());
const roomy = somaxconn > CROWD;
if (!roomy)
  console.warn(
    `[skipped] listen queues: net.core.somaxconn is ${somaxconn}, which caps every queue below ${CROWD}`,
  );

const sockets: Socket[] = [];
const stopped: number[] = [];

afterEach(() => {
  for (const pid of stopped.splice(0)) process.kill(pid, 'SIGCONT');
  for (const socket of sockets.splice(0)) socket.destroy();
});

/** Opens `CROWD` connections to `port` and resolves with how many the kernel completed. */
async function connectedWhileStopped(port: number): Promise<number> {
  let connected = 0;
  for (let i = 0; i < CROWD; i += 1) {
    const socket = connect({ host: '127.0.0.1', port });
    socket.on('connect', () => (connected += 1));
    socket.on('error', () => {});
    sockets.push(socket);
  }
  // Every connection the queue has room for completes within moments; a dropped SYN is not
  // sent again for a second, and then the queue is still full.
  await vi
    .waitFor(() => expect(connected).toBe(CROWD), { timeout: 5_000, interval: 50 })
    .catch(() => {});
  return connected;
}

function stop(pids: number[]): void {
  for (const pid of pids) {
    process.kill(pid, 'SIGSTOP');
    stopped.push(pid);
  }
}

/** nginx's master and its workers (the workers own the listening socket too). */
function nginxPids(master: number): number[] {
  const children = readFileSync(`/proc/${master}/task/${master}/children`, 'utf8')
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map(Number);
  return [master, ...children];
}

describe.skipIf(!roomy)('listen queues sized for a crowd', () => {
  it('the API: the kernel completes 1,200 connections while it accepts none', async () => {
    const portal = await startPortal();
    try {
      stop([portal.child.pid ?? 0]);
      expect(await connectedWhileStopped(portal.port)).toBe(CROWD);
    } finally {
      for (const pid of stopped.splice(0)) process.kill(pid, 'SIGCONT');
      await portal.stop('SIGKILL');
    }
  });

  it.skipIf(!canRun('nginx listen queue', nginxBinary()))(
    'nginx: the kernel completes 1,200 connections while it accepts none',
    async () => {
      const nginx = await startNginx({ apiUpstream: '127.0.0.1:9', webRoot: webDist });
      try {
        const master = Number(readFileSync(`${nginx.dir}/nginx.pid`, 'utf8').trim());
        stop(nginxPids(master));
        expect(await connectedWhileStopped(nginx.port)).toBe(CROWD);
      } finally {
        for (const pid of stopped.splice(0)) process.kill(pid, 'SIGCONT');
        await nginx.stop();
      }
    },
  );
});
