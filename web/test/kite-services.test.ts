import { describe, expect, it, vi } from 'vitest';
import '../src/components/kite-services.js';
import type { StatusReport } from '../src/api/types.js';
import type { SourceState } from '../src/controllers/source-state.js';
import { parseServices } from '../src/services.js';
import { $, $$, mount, text } from './dom.js';
import { failed, ready, status, unconfigured } from './fixtures.js';
import { input, key, type } from './services-filter.js';

const list = parseServices(
  JSON.stringify({
    services: [
      {
        name: 'Grafana',
        description: 'Dashboards',
        url: 'https://grafana.kitestacks.com',
        icon: 'icons/grafana.svg',
      },
      { name: 'Forgejo', description: 'Git', url: 'https://gitforge.kitestacks.com' },
      { name: 'Kavita', url: 'https://kavita.kitestacks.com' },
      { name: 'Wiki', url: 'https://wiki.kitestacks.com', monitor: 'BookStack' },
      { name: 'Mirror', url: 'https://mirror.kitestacks.com', monitor: 'Gitea mirror' },
      { name: 'Unmonitored', url: 'https://other.kitestacks.com' },
      { name: 'Evil', url: 'javascript:alert(1)', description: '<img src=x onerror=alert(1)>' },
    ],
  }),
);

function card(el: HTMLElement, name: string): HTMLElement {
  const found = $$(el, '.card').find((c) => c.querySelector('.name')?.textContent === name);
  if (!found) throw new Error(`no card ${name}`);
  return found;
}

describe('kite-services', () => {
  it('draws a skeleton while services.json loads', async () => {
    const el = await mount('kite-services');
    expect($(el, '.skeleton')).not.toBeNull();
  });

  it('shows a clear message when services.json is broken', async () => {
    const el = await mount('kite-services', {
      services: { phase: 'error', message: 'services.json is not valid JSON (Unexpected token)' },
    });
    expect($(el, '.problem')?.textContent).toMatch(/Cannot show services.*not valid JSON/s);
  });

  it('links every card with an http(s) URL and shows its name, description and host', async () => {
    const el = await mount('kite-services', { services: { phase: 'ready', list } });
    const grafana = card(el, 'Grafana');
    expect(grafana.tagName).toBe('A');
    expect(grafana.getAttribute('href')).toBe('https://grafana.kitestacks.com/');
    expect(grafana.textContent).toContain('Dashboards');
    expect(grafana.textContent).toContain('grafana.kitestacks.com');
    expect(grafana.querySelector('img')?.getAttribute('src')).toBe('icons/grafana.svg');
    expect(grafana.querySelector('img')?.getAttribute('alt')).toBe('');
    // No icon: a lettered stand-in.
    expect(card(el, 'Forgejo').querySelector('.monogram')?.textContent).toBe('F');
    expect(text(el)).toContain('7 linked');
  });

  it('never links a javascript: URL and renders its text as text', async () => {
    const el = await mount('kite-services', { services: { phase: 'ready', list } });
    const evil = card(el, 'Evil');
    expect(evil.tagName).toBe('DIV');
    expect(evil.querySelector('a, img')).toBeNull();
    expect(evil.textContent).toContain('<img src=x onerror=alert(1)>');
    expect(evil.textContent).toContain('no valid link');
    expect($$(el, 'a').every((a) => /^https?:/.test(a.getAttribute('href') ?? ''))).toBe(true);
    expect(text(el)).toContain('\u2068Evil\u2069: "url" is not an http(s) address');
  });

  it('shows each status with a shape and a word, matched by name or monitor', async () => {
    const el = await mount('kite-services', {
      services: { phase: 'ready', list },
      status: ready(status()),
    });
    const word = (name: string) =>
      card(el, name).querySelector('.status')?.textContent?.replace(/\s+/g, ' ').trim();
    expect(word('Grafana')).toBe('status: Up');
    expect(word('Forgejo')).toBe('status: Down');
    expect(word('Kavita')).toBe('status: Pending');
    expect(word('Wiki')).toBe('status: Maintenance');
    expect(word('Mirror')).toBe('status: Unknown');
    expect(card(el, 'Unmonitored').querySelector('.status')).toBeNull();
    // Not colour alone: every indicator has its shape element and its word.
    for (const indicator of $$(el, '.status')) {
      expect(indicator.querySelector('.shape')?.getAttribute('aria-hidden')).toBe('true');
    }
  });

  it('keeps links without status while status loads, is unconfigured, or failed', async () => {
    const states: (SourceState<StatusReport> | undefined)[] = [
      undefined,
      unconfigured(),
      failed('Uptime Kuma did not answer'),
    ];
    for (const state of states) {
      const el = await mount('kite-services', {
        services: { phase: 'ready', list },
        ...(state ? { status: state } : {}),
      });
      expect($$(el, '.status')).toHaveLength(0);
      expect(card(el, 'Grafana').getAttribute('href')).toBe('https://grafana.kitestacks.com/');
    }
    const el = await mount('kite-services', {
      services: { phase: 'ready', list },
      status: failed('Uptime Kuma did not answer'),
    });
    expect($(el, '.problem')?.textContent).toContain('service status: Uptime Kuma did not answer');
  });

  it('marks stale status and says offline when the API is gone, links still there', async () => {
    const el = await mount('kite-services', {
      services: { phase: 'ready', list },
      status: ready(status(), { stale: true }),
      offline: true,
    });
    expect($(el, '.notice')?.textContent).toMatch(/Stale · \d+ \w+ old/);
    expect(card(el, 'Grafana').getAttribute('href')).toBe('https://grafana.kitestacks.com/');
    expect(card(el, 'Grafana').querySelector('.status')?.textContent).toContain('Up');
  });

  it('shows 24 h uptime and response time beside the status word, leaving out what is null', async () => {
    const el = await mount('kite-services', {
      services: { phase: 'ready', list },
      status: ready(status()),
    });
    const line = (name: string) => card(el, name).querySelector('.status-line') as HTMLElement;
    const figures = (name: string) =>
      [...line(name).querySelectorAll('.figure')].map((f) =>
        (f.textContent ?? '').replace(/\s+/g, ' ').trim(),
      );
    expect(figures('Grafana')).toEqual([
      ', uptime over 24 hours: 99.9%24h',
      ', response time: 42 ms',
    ]);
    // Down: an uptime, no response time.
    expect(figures('Forgejo')).toEqual([', uptime over 24 hours: 80.0%24h']);
    expect(figures('Wiki')[0]).toContain('100%');
    // Never checked: the word alone.
    expect(figures('Mirror')).toEqual([]);
    expect(line('Mirror').textContent?.replace(/\s+/g, ' ').trim()).toBe('status: Unknown');
    // The word comes first, then the figures, in one line.
    expect(line('Grafana').firstElementChild?.classList.contains('status')).toBe(true);
  });

  it('isolates every name and description from the file', async () => {
    const rtl = parseServices(
      JSON.stringify([{ name: 'a\u202Eb', description: 'c\u202Ed', url: 'https://x.example' }]),
    );
    const el = await mount('kite-services', { services: { phase: 'ready', list: rtl } });
    expect($(el, '.name')?.getAttribute('dir')).toBe('auto');
    expect($(el, '.desc')?.getAttribute('dir')).toBe('auto');
  });
});

describe('kite-services filter', () => {
  const services = { phase: 'ready', list } as const;
  const names = (el: HTMLElement) => $$(el, '.card .name').map((n) => n.textContent);

  it('has a labelled search field and a polite count', async () => {
    const el = await mount('kite-services', { services });
    const field = input(el);
    expect(field.type).toBe('search');
    expect(field.closest('label')?.textContent).toContain('Filter services');
    expect(field.getAttribute('aria-keyshortcuts')).toBe('/');
    const count = $(el, '#services-count') as HTMLElement;
    expect(count.getAttribute('role')).toBe('status');
    expect(field.getAttribute('aria-describedby')).toBe('services-count');
    expect(count.textContent?.trim()).toBe('7 linked');
  });

  it('narrows the cards by name, description and address as one types, any case or accent', async () => {
    const el = await mount('kite-services', { services });
    await type(el, 'GIT');
    expect(names(el)).toEqual(['Forgejo']);
    expect($(el, '#services-count')?.textContent?.trim()).toBe('1 of 7 match');
    await type(el, 'dashbóards');
    expect(names(el)).toEqual(['Grafana']);
    await type(el, 'kitestacks wiki');
    expect(names(el)).toEqual(['Wiki']);
    await type(el, '   ');
    expect(names(el)).toHaveLength(7);
    expect($(el, '#services-count')?.textContent?.trim()).toBe('7 linked');
  });

  it('says when nothing matches, with the query as text', async () => {
    const el = await mount('kite-services', { services });
    await type(el, '<b>zz</b>');
    expect($$(el, '.card')).toHaveLength(0);
    expect($(el, '.empty')?.textContent).toBe('No service matches “<b>zz</b>”.');
    expect($(el, '.empty b')).toBeNull();
    expect($(el, '.empty bdi')).not.toBeNull();
    expect($(el, '#services-count')?.textContent?.trim()).toBe('0 of 7 match');
  });

  it('focuses on "/" from the page, but not while the visitor types in a field', async () => {
    const el = await mount('kite-services', { services });
    const slash = await key(document.body, '/', el);
    expect(slash.defaultPrevented).toBe(true);
    expect(el.shadowRoot?.activeElement).toBe(input(el));

    input(el).blur();
    const other = document.createElement('textarea');
    document.body.append(other);
    try {
      other.focus();
      const typed = await key(other, '/', el);
      expect(typed.defaultPrevented).toBe(false);
      expect(el.shadowRoot?.activeElement).not.toBe(input(el));
      // A shortcut with a modifier is not ours either.
      const withCtrl = new KeyboardEvent('keydown', {
        key: '/',
        ctrlKey: true,
        bubbles: true,
        cancelable: true,
      });
      document.body.dispatchEvent(withCtrl);
      expect(withCtrl.defaultPrevented).toBe(false);
    } finally {
      other.remove();
    }
  });

  it('clears on Escape, and leaves the field on a second Escape', async () => {
    const el = await mount('kite-services', { services });
    input(el).focus();
    await type(el, 'graf');
    expect(names(el)).toEqual(['Grafana']);
    await key(input(el), 'Escape', el);
    expect(input(el).value).toBe('');
    expect(names(el)).toHaveLength(7);
    expect(el.shadowRoot?.activeElement).toBe(input(el));
    await key(input(el), 'Escape', el);
    expect(el.shadowRoot?.activeElement).not.toBe(input(el));
  });

  it('moves to the first match on ↓ and opens it on Enter', async () => {
    const el = await mount('kite-services', { services });
    await type(el, 'kavita');
    await key(input(el), 'ArrowDown', el);
    const first = $(el, 'a.card') as HTMLAnchorElement;
    expect(el.shadowRoot?.activeElement).toBe(first);
    const opened = vi.fn((event: Event) => event.preventDefault());
    first.addEventListener('click', opened);
    await key(input(el), 'Enter', el);
    expect(opened).toHaveBeenCalledTimes(1);
  });

  it('stops listening for "/" once removed from the page', async () => {
    const el = await mount('kite-services', { services });
    el.remove();
    const event = new KeyboardEvent('keydown', { key: '/', bubbles: true, cancelable: true });
    document.body.dispatchEvent(event);
    expect(event.defaultPrevented).toBe(false);
  });
});
