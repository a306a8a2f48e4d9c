import { describe, expect, it, vi } from 'vitest';
import '../src/components/kite-summary.js';
import type { HostList } from '../src/controllers/hosts-view.js';
import { parseServices } from '../src/services.js';
import { $, $$, mount, text, update } from './dom.js';
import { loadingState } from '../src/controllers/source-state.js';
import { failed, ready, status, unconfigured } from './fixtures.js';
import { host, unreachable } from './host-fixtures.js';

const list = parseServices(
  JSON.stringify({
    services: ['Grafana', 'Forgejo', 'Kavita', 'Wiki', 'Mirror'].map((name) => ({
      name,
      url: `https://${name.toLowerCase()}.kitestacks.com`,
      ...(name === 'Wiki' ? { monitor: 'BookStack' } : {}),
      ...(name === 'Mirror' ? { monitor: 'Gitea mirror' } : {}),
    })),
  }),
);
const services = { phase: 'ready', list } as const;
const words = (el: HTMLElement) => text(el).replace(/\s*·\s*/g, ' · ');

describe('kite-summary', () => {
  it('counts what is up and names the rest, worst first, each a link to its card', async () => {
    const el = await mount('kite-summary', { services, status: ready(status()) });
    expect(words(el)).toBe(
      '1 of 5 services up · Forgejo down · Kavita pending · Wiki maintenance · Mirror unknown',
    );
    const links = $$(el, 'a.status');
    expect(links.map((a) => a.querySelector('.shape')?.getAttribute('aria-hidden'))).toEqual([
      'true',
      'true',
      'true',
      'true',
    ]);
    const reveal = vi.fn();
    el.addEventListener('kite-reveal', (event) => reveal((event as CustomEvent).detail));
    links[0]?.click();
    expect(reveal).toHaveBeenCalledWith({ kind: 'service', index: 1 });
  });

  it('says all is up in a few words', async () => {
    const all = status();
    for (const monitor of all.monitors) monitor.status = 'up';
    const el = await mount('kite-summary', { services, status: ready(all) });
    expect(words(el)).toBe('All 5 services up');
  });

  it('names the hosts that need a look, and all live when none does', async () => {
    const now = new Date(Date.now()).toISOString();
    const hosts: HostList = [
      host({ name: 'monk', self: true }),
      host({ name: 'kscloud1' }),
      unreachable('oldbox', now),
    ];
    const el = await mount('kite-summary', { hosts: ready(hosts) });
    expect(words(el)).toBe('2 of 3 hosts live · oldbox unreachable');
    const reveal = vi.fn();
    el.addEventListener('kite-reveal', (event) => reveal((event as CustomEvent).detail));
    $(el, 'a.status')?.click();
    expect(reveal).toHaveBeenCalledWith({ kind: 'host', name: 'oldbox' });
    await update(el, { hosts: ready(hosts.slice(0, 2)) });
    expect(words(el)).toBe('All 2 hosts live');
  });

  it('says what it cannot know, and hides when there is nothing to say', async () => {
    const el = await mount('kite-summary', { services, status: loadingState() });
    expect(words(el)).toBe('Checking services…');
    await update(el, { status: failed('Uptime Kuma answered 500') });
    expect(words(el)).toBe('Service status unavailable');
    await update(el, { status: unconfigured() });
    expect(el.hidden).toBe(true);
  });
});
