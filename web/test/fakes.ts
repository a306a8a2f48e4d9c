/** Stand-ins for the browser's network and page APIs, driven by the controller tests. */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { vi } from 'vitest';

/** An EventSource the test opens, feeds and breaks by hand. */
export class FakeEventSource extends EventTarget {
  static instances: FakeEventSource[] = [];
  closed = false;
  /** Every event type something listens for on this stream. */
  readonly listened = new Set<string>();

  constructor(readonly url: string) {
    super();
    FakeEventSource.instances.push(this);
  }

  override addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject | null,
    options?: AddEventListenerOptions | boolean,
  ): void {
    this.listened.add(type);
    super.addEventListener(type, listener, options);
  }

  static get last(): FakeEventSource {
    const last = FakeEventSource.instances.at(-1);
    if (!last) throw new Error('no EventSource was opened');
    return last;
  }

  static reset(): void {
    FakeEventSource.instances = [];
  }

  close(): void {
    this.closed = true;
  }

  open(): void {
    this.dispatchEvent(new Event('open'));
  }

  emit(event: string, data: unknown): void {
    this.dispatchEvent(new MessageEvent(event, { data: JSON.stringify(data) }));
  }

  fail(): void {
    this.dispatchEvent(new Event('error'));
  }
}

type Answer = unknown | ((url: string) => Response | Promise<Response> | 'network-error' | 'hang');

/**
 * A fetch that answers by path prefix: a value is sent as JSON, a function decides (a
 * Response, a network error, or a request that hangs until aborted). Every call is logged
 * with its time (fake timers move `Date.now()`) and its signal.
 */
export class FakeNetwork {
  readonly calls: { url: string; at: number; signal: AbortSignal | null }[] = [];
  /** Nothing answers at all (the API process is gone). */
  down = false;
  private readonly routes = new Map<string, Answer>();

  route(prefix: string, answer: Answer): this {
    this.routes.set(prefix, answer);
    return this;
  }

  count(prefix: string): number {
    return this.calls.filter((call) => call.url.startsWith(prefix)).length;
  }

  readonly fetch = (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = String(input);
    const signal = init?.signal ?? null;
    this.calls.push({ url, at: Date.now(), signal });
    const prefix = [...this.routes.keys()].find((key) => url.startsWith(key));
    const answer =
      prefix === undefined
        ? () => json({ error: { code: 'not_found', message: 'no route' } }, 404)
        : this.routes.get(prefix);
    const result = this.down
      ? 'network-error'
      : typeof answer === 'function'
        ? (answer as (url: string) => unknown)(url)
        : answer instanceof Response
          ? answer.clone()
          : json(answer);
    return new Promise<Response>((resolve, reject) => {
      const abort = () => reject(new DOMException('aborted', 'AbortError'));
      if (signal?.aborted) return abort();
      signal?.addEventListener('abort', abort, { once: true });
      if (result === 'hang') return;
      if (result === 'network-error') return reject(new TypeError('Failed to fetch'));
      Promise.resolve(result as Response).then(resolve, reject);
    });
  };
}

export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

/** A document whose visibility the test switches. */
export function fakeDocument(): Document & { show(): void; hide(): void } {
  let state: DocumentVisibilityState = 'visible';
  const target = new EventTarget();
  Object.defineProperty(target, 'visibilityState', { get: () => state });
  return Object.assign(target, {
    show() {
      state = 'visible';
      target.dispatchEvent(new Event('visibilitychange'));
    },
    hide() {
      state = 'hidden';
      target.dispatchEvent(new Event('visibilitychange'));
    },
  }) as unknown as Document & { show(): void; hide(): void };
}

/** The smallest host a ReactiveController needs; counts update requests. */
export function fakeHost(): ReactiveControllerHost & {
  controllers: ReactiveController[];
  updates: number;
} {
  const host = {
    controllers: [] as ReactiveController[],
    updates: 0,
    addController(controller: ReactiveController) {
      host.controllers.push(controller);
    },
    removeController() {},
    requestUpdate: vi.fn(() => {
      host.updates += 1;
    }),
    updateComplete: Promise.resolve(true),
  };
  return host;
}
