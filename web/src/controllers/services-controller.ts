/**
 * Loads `services.json` once per connection of its host. The file is served beside
 * index.html and revalidated on every load, so an edit shows up on the next visit.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { parseServices, ServicesFileError, type ServiceList } from '../services.js';

export type ServicesState =
  | { phase: 'loading' }
  | { phase: 'ready'; list: ServiceList }
  | { phase: 'error'; message: string };

export interface ServicesOptions {
  url: string;
  fetch: typeof fetch;
}

export class ServicesController implements ReactiveController {
  state: ServicesState = { phase: 'loading' };

  private readonly _host: ReactiveControllerHost;
  private readonly _opts: ServicesOptions;
  private _abort: AbortController | null = null;

  constructor(host: ReactiveControllerHost, options: Partial<ServicesOptions> = {}) {
    this._host = host;
    this._opts = {
      url: 'services.json',
      fetch: (input, init) => globalThis.fetch(input, init),
      ...options,
    };
    host.addController(this);
  }

  hostConnected(): void {
    this._abort = new AbortController();
    void this._load(this._abort.signal);
  }

  hostDisconnected(): void {
    this._abort?.abort();
    this._abort = null;
  }

  private async _load(signal: AbortSignal): Promise<void> {
    let next: ServicesState;
    try {
      const response = await this._opts.fetch(this._opts.url, { signal, cache: 'no-cache' });
      if (!response.ok)
        throw new ServicesFileError(`services.json could not be loaded (HTTP ${response.status})`);
      next = { phase: 'ready', list: parseServices(await response.text()) };
    } catch (error) {
      if (signal.aborted) return;
      const message =
        error instanceof ServicesFileError
          ? error.message
          : 'services.json could not be loaded (no answer)';
      next = { phase: 'error', message };
    }
    if (signal.aborted) return;
    this.state = next;
    this._host.requestUpdate();
  }
}
