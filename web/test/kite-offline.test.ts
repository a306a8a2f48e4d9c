import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import '../src/components/kite-offline.js';
import { $, mount, update } from './dom.js';

const NOW = Date.parse('2026-11-26T21:00:00.000Z');

beforeEach(() => {
  vi.useFakeTimers({ now: NOW, toFake: ['Date', 'setTimeout', 'clearTimeout'] });
});

afterEach(() => {
  vi.useRealTimers();
});

const words = (el: HTMLElement) =>
  ($(el, '.offline-banner')?.textContent ?? '').replace(/\s+/g, ' ').trim();

describe('kite-offline', () => {
  it('is hidden while the API answers', async () => {
    const el = await mount('kite-offline', { since: null, lastAnswer: NOW });
    expect(el.hidden).toBe(true);
    expect($(el, '.offline-banner')).toBeNull();
  });

  it('says how long the API has been unreachable, counting up, and when it last answered', async () => {
    const el = await mount('kite-offline', { since: NOW, lastAnswer: NOW - 2_000 });
    expect(el.hidden).toBe(false);
    expect(words(el)).toMatch(/^Offline API unreachable for 0 s/);
    expect($(el, 'time')?.getAttribute('datetime')).toBe('2026-11-26T20:59:58.000Z');
    expect(words(el)).toContain('links still work');
    await vi.advanceTimersByTimeAsync(12_000);
    expect(words(el)).toContain('unreachable for 12 s');
    await vi.advanceTimersByTimeAsync(60_000);
    expect(words(el)).toContain('unreachable for 1 min');
    // Not a live region: a count read out every second would drown everything else.
    expect($(el, '[role], [aria-live]')).toBeNull();
  });

  it('goes away when the API is back', async () => {
    const el = await mount('kite-offline', { since: NOW, lastAnswer: null });
    expect(words(el)).toContain('no answer since the page opened');
    await update(el, { since: null });
    expect(el.hidden).toBe(true);
    expect($(el, '.offline-banner')).toBeNull();
  });
});
