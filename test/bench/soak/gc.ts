/**
 * A full garbage collection in the API process before each reading, through the inspector
 * it opens on loopback (`--inspect=127.0.0.1:0` in NODE_OPTIONS): heap used and RSS then say
 * what the process holds, not where it happens to be between two collections. Without it, a
 * heap that swings by a quarter between collections hides any slope a ten-minute run could
 * show. One WebSocket stays open for the whole run, so its socket is the same in every
 * reading.
 *
 * Needs a global WebSocket: Node 22 has one, Node 20 with `--experimental-websocket`
 * (the `pnpm soak` script passes it).
 */

/** The inspector's flag for the API's environment. */
export const INSPECT_OPTIONS = '--inspect=127.0.0.1:0';

interface MinimalSocket {
  readonly readyState: number;
  send(data: string): void;
  close(): void;
  addEventListener(type: 'open' | 'error' | 'close', listener: () => void): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
}
type SocketClass = new (url: string) => MinimalSocket;

export interface Collector {
  /** Runs a full collection and resolves when it is done. */
  collect(): Promise<void>;
  close(): void;
}

/** The inspector's WebSocket address, from the line node prints on stderr at start. */
export function inspectorUrl(output: string): string {
  const found = /Debugger listening on (ws:\/\/127\.0\.0\.1:\d+\/[\w-]+)/.exec(output)?.[1];
  if (!found) throw new Error(`the API printed no inspector address:\n${output.slice(-1000)}`);
  return found;
}

export async function connectCollector(url: string): Promise<Collector> {
  const Socket = (globalThis as { WebSocket?: SocketClass }).WebSocket;
  if (!Socket) throw new Error('no global WebSocket: run node with --experimental-websocket');
  const socket = new Socket(url);
  await new Promise<void>((resolve, reject) => {
    socket.addEventListener('open', () => resolve());
    socket.addEventListener('error', () =>
      reject(new Error(`cannot reach the inspector at ${url}`)),
    );
  });
  const waiting = new Map<number, () => void>();
  socket.addEventListener('message', (event) => {
    const { id } = JSON.parse(String(event.data)) as { id?: number };
    if (id !== undefined) waiting.get(id)?.();
    if (id !== undefined) waiting.delete(id);
  });
  let nextId = 1;
  return {
    collect() {
      const id = nextId++;
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no answer from the inspector')), 30_000);
        waiting.set(id, () => (clearTimeout(timer), resolve()));
        socket.send(JSON.stringify({ id, method: 'HeapProfiler.collectGarbage' }));
      });
    },
    close: () => socket.close(),
  };
}
