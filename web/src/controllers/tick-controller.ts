/** Re-renders its host every `intervalMs` (the clock, relative times); runs only while connected. */
import type { ReactiveController, ReactiveControllerHost } from 'lit';

export class TickController implements ReactiveController {
  now = Date.now();

  private readonly _host: ReactiveControllerHost;
  private readonly _intervalMs: number;
  private _timer: ReturnType<typeof setTimeout> | null = null;

  constructor(host: ReactiveControllerHost, intervalMs: number) {
    this._host = host;
    this._intervalMs = intervalMs;
    host.addController(this);
  }

  hostConnected(): void {
    this._tick();
  }

  hostDisconnected(): void {
    if (this._timer !== null) clearTimeout(this._timer);
    this._timer = null;
  }

  private readonly _tick = (): void => {
    this.now = Date.now();
    this._host.requestUpdate();
    // Aligned to the interval's boundary, so a clock turns over on the second.
    this._timer = setTimeout(this._tick, this._intervalMs - (this.now % this._intervalMs));
  };
}
