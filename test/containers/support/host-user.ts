/**
 * A host user's process and file, for proving what the API container can reach of them:
 * a `sleep` running as the given uid (`setpriv`, no capabilities, no supplementary groups)
 * in a private directory of that user's, holding that user's private file open on stdin.
 * Its `/proc/<pid>/root`, `/proc/<pid>/cwd` and `/proc/<pid>/fd/0` are three ways to that
 * file for anyone the kernel lets look into the process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { vi } from 'vitest';
import { docker } from './engine.js';

export interface HostUserProcess {
  pid: number;
  /** The user's private file (mode 600, in a directory of mode 700). */
  file: string;
  /** What the file holds: a marker no other file has. */
  marker: string;
  stop(): void;
}

export async function startHostUserProcess(uid: number): Promise<HostUserProcess> {
  const dir = mkdtempSync(path.join(os.tmpdir(), `kitestacks-uid${uid}-`));
  const file = path.join(dir, 'private');
  const marker = `private-to-uid-${uid}-${randomUUID()}`;
  writeFileSync(file, `${marker}\n`, { mode: 0o600 });
  chownSync(file, uid, uid);
  chownSync(dir, uid, uid);
  chmodSync(dir, 0o700);

  let child: ChildProcess | undefined;
  const stop = () => {
    child?.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    child = spawn(
      'setpriv',
      [`--reuid=${uid}`, `--regid=${uid}`, '--clear-groups', 'sh', '-c', 'exec sleep 600 <private'],
      { cwd: dir, stdio: 'ignore' },
    );
    const pid = child.pid;
    if (pid === undefined) throw new Error('setpriv did not start');
    // setpriv and sh exec in place: the same pid ends up as the sleep holding the file.
    await vi.waitFor(() => {
      if (readlinkSync(`/proc/${pid}/fd/0`) !== file) throw new Error('not holding it yet');
    });
    return { pid, file, marker, stop };
  } catch (error) {
    stop();
    throw error;
  }
}

/**
 * From inside `container`, as `uid`: tries the user's file through every process's
 * `/proc/<pid>/root`, and through the user's own process's cwd and open file. Returns the
 * paths that gave the file's content, and how many processes were tried.
 */
export async function readThroughProc(
  container: string,
  uid: number,
  user: HostUserProcess,
): Promise<{ read: string[]; tried: number }> {
  const script = `n=0
    for p in /proc/[0-9]*; do
      n=$((n + 1)); grep -qs "$MARKER" "$p/root$FILE" && echo "read $p/root"
    done
    for t in /proc/$PID/cwd/private /proc/$PID/fd/0; do grep -qs "$MARKER" "$t" && echo "read $t"; done
    echo "tried $n"`;
  const output = await docker([
    ...['exec', '--user', `${uid}:${uid}`],
    ...['--env', `MARKER=${user.marker}`, '--env', `FILE=${user.file}`, '--env', `PID=${user.pid}`],
    ...[container, 'sh', '-c', script],
  ]);
  return {
    read: [...output.matchAll(/^read (.+)$/gm)].map((match) => match[1] as string),
    tried: Number(/^tried (\d+)$/m.exec(output)?.[1] ?? 0),
  };
}

/** Whether AppArmor runs here: Docker's default profile then keeps containers out of /proc/<pid>. */
export function apparmorEnabled(): boolean {
  try {
    return readFileSync('/sys/module/apparmor/parameters/enabled', 'utf8').startsWith('Y');
  } catch {
    return false;
  }
}
