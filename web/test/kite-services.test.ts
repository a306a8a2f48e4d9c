import { describe, expect, it } from 'vitest';
import '../src/components/kite-services.js';
import type { StatusReport } from '../src/api/types.js';
import type { SourceState } from '../src/controllers/source-state.js';
import { parseServices } from '../src/services.js';
import { $, $$, mount, text } from './dom.js';
import { failed, ready, status, unconfigured } from './fixtures.js';

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
    expect(text(el)).toContain('Evil: "url" is not an http(s) address');
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
    expect($(el, '.notice')?.textContent).toContain('the portal API is not answering');
    expect(card(el, 'Grafana').getAttribute('href')).toBe('https://grafana.kitestacks.com/');
    expect(card(el, 'Grafana').querySelector('.status')?.textContent).toContain('Up');
  });
});
