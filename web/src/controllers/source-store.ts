/**
 * The last known state of every source in the table, typed per source. Takes answers (a
 * GET or a stream event), failures and "not configured"; keeps the last good data through
 * failures; tells its owner when something a panel draws has changed.
 */
import { ApiProblem } from '../api/client.js';
import { sameJson } from './same-json.js';
import { loadingState, type SourceState } from './source-state.js';
import {
  isUnconfigured,
  SOURCE_NAMES,
  SOURCES,
  type Payloads,
  type SourceName,
} from './sources.js';

export type SourceStates = { readonly [K in SourceName]: SourceState<Payloads[K]> };

export class SourceStore {
  private _states: SourceStates;
  /**
   * The last answer per source, as parsed (the same object the panel draws): an equal answer
   * changes nothing on the page.
   */
  private readonly _last = new Map<SourceName, unknown>();
  private readonly _now: () => number;
  private readonly _changed: () => void;

  /** `changed` is called after each change a panel would draw. */
  constructor(now: () => number, changed: () => void) {
    this._now = now;
    this._changed = changed;
    this._states = Object.fromEntries(
      SOURCE_NAMES.map((name) => [name, loadingState()]),
    ) as unknown as SourceStates;
  }

  /** Every source's state; a new object whenever one of them changes. */
  get states(): SourceStates {
    return this._states;
  }

  get<K extends SourceName>(name: K): SourceState<Payloads[K]> {
    return this._states[name];
  }

  /**
   * Takes an answer. Throws an `ApiProblem` ('invalid') when it is not the source's shape,
   * so the caller handles it like any failed request.
   */
  accept<K extends SourceName>(name: K, body: unknown): void {
    const { guard } = SOURCES[name];
    if (!guard(body)) throw new ApiProblem('invalid', 'unexpected answer from the API');
    const previous = this.get(name);
    const last = this._last.get(name);
    const unchanged = last !== undefined && previous.error === null && sameJson(last, body);
    // An equal answer keeps the object already drawn, so nothing downstream sees a change.
    const kept = unchanged ? last : body;
    this._last.set(name, kept);
    const shown = isUnconfigured(kept) ? null : (kept as Payloads[K]);
    const next: SourceState<Payloads[K]> = {
      phase: shown === null ? 'unconfigured' : 'ready',
      data: shown,
      receivedAt: this._now(),
      stale: hasKey(shown, 'stale') && shown.stale === true,
      error: null,
      failingSince: null,
    };
    // The same answer again only moves `receivedAt`: kept, but no reason to redraw.
    this._set(name, next, !unchanged);
  }

  /** A request or event failed: keep the last good data, marked stale, and say why. */
  fail<K extends SourceName>(name: K, message: string): void {
    const previous = this.get(name);
    const failingSince = previous.failingSince ?? this._now();
    const next: SourceState<Payloads[K]> =
      previous.data !== null
        ? { ...previous, stale: true, error: message, failingSince }
        : {
            ...previous,
            phase: previous.phase === 'unconfigured' ? 'unconfigured' : 'error',
            error: message,
            failingSince,
          };
    this._last.delete(name);
    this._set(name, next, true);
  }

  /** The API does not have this source (an older API): the same as not configured. */
  unconfigured<K extends SourceName>(name: K): void {
    this._set(
      name,
      {
        phase: 'unconfigured',
        data: null,
        receivedAt: null,
        stale: false,
        error: null,
        failingSince: null,
      },
      true,
    );
  }

  private _set<K extends SourceName>(name: K, next: SourceState<Payloads[K]>, draw: boolean): void {
    this._states = { ...this._states, [name]: next };
    if (draw) this._changed();
  }
}

function hasKey<K extends string>(value: unknown, key: K): value is Record<K, unknown> {
  return typeof value === 'object' && value !== null && key in value;
}
