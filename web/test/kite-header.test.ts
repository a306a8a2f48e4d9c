import { describe, expect, it } from 'vitest';
import '../src/components/kite-header.js';
import { $, mount, update } from './dom.js';

describe('kite-header', () => {
  it('shows the title, a clock and which host served the page', async () => {
    const el = await mount('kite-header', { hostname: 'monk', connection: 'live' });
    expect($(el, 'h1')?.textContent).toBe('KITESTACKS');
    expect($(el, 'time')?.textContent).toMatch(/^\d\d:\d\d:\d\d$/);
    expect($(el, '.served')?.textContent?.replace(/\s+/g, ' ')).toBe('served by monk');
    expect($(el, '.link')?.textContent?.trim()).toBe('Live');
  });

  it('says which state the live link is in, in words', async () => {
    const el = await mount('kite-header', { hostname: null });
    expect($(el, '.served')?.textContent).toContain('…');
    for (const [connection, word] of [
      ['offline', 'Offline'],
      ['polling', 'Polling'],
      ['paused', 'Paused'],
    ] as const) {
      await update(el, { connection });
      expect($(el, '.link')?.textContent?.trim()).toBe(word);
      expect($(el, '.link')?.classList.contains(connection)).toBe(true);
    }
  });
});
