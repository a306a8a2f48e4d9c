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

  it('counts the hosts from the data, and says nothing of them until it knows', async () => {
    const el = await mount('kite-header', { hostname: 'monk' });
    const tagline = () => $(el, '.tagline')?.textContent?.replace(/\s+/g, ' ').trim();
    expect(tagline()).toBe('homelab front door');
    await update(el, { hostCount: 3 });
    expect(tagline()).toBe('homelab front door // three hosts, one tunnel');
    await update(el, { hostCount: 1 });
    expect(tagline()).toBe('homelab front door // one host, one tunnel');
    await update(el, { hostCount: 12 });
    expect(tagline()).toBe('homelab front door // 12 hosts, one tunnel');
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
