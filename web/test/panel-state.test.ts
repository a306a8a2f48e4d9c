import { html, render } from 'lit';
import { describe, expect, it } from 'vitest';
import { dataAge, isStale, panelState, staleMark } from '../src/components/panel-state.js';
import type { SourceState } from '../src/controllers/source-state.js';
import { formatAge } from '../src/format.js';
import { failed, ready, unconfigured } from './fixtures.js';

const NOW = Date.parse('2026-11-26T21:00:00.000Z');

interface Data {
  value: string;
  at: string | null;
}

function draw(state: SourceState<Data>, offline = false): HTMLElement {
  const host = document.createElement('div');
  render(
    html`${panelState(state, {
      what: 'the thing',
      offline,
      now: NOW,
      lines: 2,
      dataTime: (d) => d.at,
      content: (d) => html`<p class="content">${d.value}</p>`,
    })}`,
    host,
  );
  return host;
}

const words = (el: HTMLElement) => (el.textContent ?? '').replace(/\s+/g, ' ').trim();

describe('panelState', () => {
  it('draws a skeleton of the asked length while loading, nothing when unconfigured', () => {
    const loading = draw({
      phase: 'loading',
      data: null,
      receivedAt: null,
      stale: false,
      error: null,
    });
    expect(loading.querySelectorAll('.skeleton span')).toHaveLength(2);
    expect(words(draw(unconfigured()))).toBe('');
  });

  it('draws fresh data with no mark', () => {
    const el = draw(ready({ value: 'hello', at: '2026-11-26T20:59:00.000Z' }));
    expect(el.querySelector('.content')?.textContent).toBe('hello');
    expect(el.querySelector('.notice')).toBeNull();
  });

  it('dates server-marked stale data by its own time, and says why', () => {
    const el = draw(ready({ value: 'old', at: '2026-11-26T20:57:00.000Z' }, { stale: true }));
    expect(words(el.querySelector('.notice') as HTMLElement)).toBe(
      'Stale · 3 min old — the upstream is not answering; the server sent its last good copy',
    );
    expect(el.querySelector('.content')?.textContent).toBe('old');
  });

  it('dates data by when it arrived when it carries no time, and names the failure', () => {
    const state = ready<Data>(
      { value: 'kept', at: null },
      { stale: true, error: 'Forgejo answered 500', receivedAt: NOW - 2 * 3_600_000 },
    );
    expect(words(draw(state).querySelector('.notice') as HTMLElement)).toBe(
      'Stale · 2 h old — Forgejo answered 500',
    );
  });

  it('while offline only says how old: the page banner says why', () => {
    const state = ready<Data>({ value: 'kept', at: '2026-11-26T20:59:30.000Z' });
    const el = draw(state, true);
    expect(words(el.querySelector('.notice') as HTMLElement)).toBe('Stale · 30 s old');
    // Not a live region: the age changes every tick.
    expect(el.querySelector('.notice')?.getAttribute('role')).toBeNull();
  });

  it('says what is unavailable when there is nothing to show', () => {
    expect(words(draw(failed('wttr.in did not answer')))).toMatch(
      /Unavailable — the thing: wttr\.in did not answer\. Retrying/,
    );
    expect(words(draw(failed('x'), true))).toMatch(/Offline — the thing: the portal API/);
  });

  it('never shows a negative age when the server clock runs ahead', () => {
    const state = ready<Data>({ value: 'x', at: null }, { receivedAt: NOW });
    expect(dataAge(state, NOW, '2026-11-26T21:05:00.000Z')).toBe(0);
    expect(dataAge(state, NOW, 'not a date')).toBe(0);
    expect(isStale(state, false)).toBe(false);
    expect(isStale(state, true)).toBe(true);
  });
});

describe('formatAge', () => {
  it('prints short ages', () => {
    expect(formatAge(12_000)).toBe('12 s');
    expect(formatAge(3 * 60_000 + 59_000)).toBe('3 min');
    expect(formatAge(5 * 3_600_000)).toBe('5 h');
    expect(formatAge(3 * 86_400_000)).toBe('3 d');
    expect(formatAge(-1)).toBe('–');
  });
});

describe('honest ages: stale only past the freshness rule', () => {
  const fresh = 5 * 60_000;
  const at = (minutesAgo: number) => new Date(NOW - minutesAgo * 60_000).toISOString();
  const mark = (state: SourceState<Data>, offline: boolean) => {
    const el = document.createElement('div');
    render(staleMark(state, offline, NOW, state.data?.at, fresh), el);
    return el;
  };

  it('within its rule, offline or after a failed refresh, only says its age quietly', () => {
    for (const [state, offline] of [
      [ready<Data>({ value: 'x', at: at(2) }), true],
      [ready<Data>({ value: 'x', at: at(2) }, { stale: true, error: 'no answer in time' }), false],
    ] as const) {
      const el = mark(state, offline);
      expect(el.querySelector('.notice')).toBeNull();
      expect(words(el.querySelector('.age-note') as HTMLElement)).toBe('updated 2 min ago');
    }
  });

  it('past its rule reads stale, offline or not', () => {
    const state = ready<Data>({ value: 'x', at: at(6) });
    expect(words(mark(state, true).querySelector('.notice') as HTMLElement)).toBe(
      'Stale · 6 min old',
    );
  });

  it('reads stale within its rule when the server says its upstream is failing', () => {
    const state = ready<Data>({ value: 'x', at: at(1) }, { stale: true });
    expect(words(mark(state, false).querySelector('.notice') as HTMLElement)).toMatch(
      /^Stale · 1 min old — the upstream is not answering/,
    );
  });

  it('says nothing while fresh and online', () => {
    const el = mark(ready<Data>({ value: 'x', at: at(2) }), false);
    expect(el.textContent?.trim()).toBe('');
  });
});
