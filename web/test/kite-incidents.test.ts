import { describe, expect, it } from 'vitest';
import '../src/components/kite-incidents.js';
import { incidentsPanel } from '../src/panels/incidents.js';
import { isShown } from '../src/panels/panel.js';
import { $, $$, mount, text, update } from './dom.js';
import { failed, FIXTURE_NOW, incidents, ready, unconfigured } from './fixtures.js';

const report = incidents();
const [nas] = report.incidents;

describe('kite-incidents', () => {
  it('draws each incident: its kind as a word and a shape, title, text and age', async () => {
    const el = await mount('kite-incidents', {
      state: ready(report, { receivedAt: FIXTURE_NOW }),
      freshForMs: incidentsPanel.freshForMs,
    });
    expect(el.hidden).toBe(false);
    const rows = $$(el, 'li.incident');
    expect(rows.map((row) => row.className)).toEqual(['incident warning', 'incident info']);
    const first = rows[0] as HTMLElement;
    expect(first.querySelector('.kind')?.textContent?.trim()).toBe('Warning');
    expect(first.querySelector('.kind .shape')?.getAttribute('aria-hidden')).toBe('true');
    expect(first.querySelector('.title bdi')?.textContent).toBe('NAS disk replacement');
    expect(first.querySelector('.content')?.textContent).toBe(nas?.content);
    expect(first.querySelector('time')?.getAttribute('datetime')).toBe(nas?.updated_at);
    // Updated 20:55, read at 21:00 (fixed clock).
    const age = (row: HTMLElement) =>
      row.querySelector('.updated')?.textContent?.replace(/\s+/g, ' ').trim();
    expect(age(first)).toBe('updated 5 min ago');
    // Never updated: dated by when it was created.
    expect(age(rows[1] as HTMLElement)).toBe('updated 1 d ago');
  });

  it('draws upstream text as text, and an unknown kind as information', async () => {
    const hostile = {
      title: '<img src=x onerror=alert(1)>Disk',
      content: '<script>alert(2)</script>**bold** [link](javascript:alert(3))',
      style: 'blink' as never,
      created_at: null,
      updated_at: 'not a date',
    };
    const el = await mount('kite-incidents', {
      state: ready(incidents({ incidents: [hostile] })),
    });
    const row = $(el, 'li.incident') as HTMLElement;
    expect(row.className).toBe('incident info');
    expect(row.querySelector('.kind')?.textContent?.trim()).toBe('Info');
    // A name every object has is not a kind either.
    await update(el, {
      state: ready(incidents({ incidents: [{ ...hostile, style: 'toString' as never }] })),
    });
    expect($(el, 'li.incident .kind')?.textContent?.trim()).toBe('Info');
    expect(row.querySelector('.title bdi')?.textContent).toBe(hostile.title);
    expect(row.querySelector('.content')?.textContent).toBe(hostile.content);
    expect($$(el, 'img, script, a')).toHaveLength(0);
    // No date to go by: no age rather than a made-up one.
    expect(row.querySelector('.updated')).toBeNull();
  });

  it('takes no room while loading, when not configured, with none, or with nothing kept after a failure', async () => {
    const el = await mount('kite-incidents');
    expect(el.hidden).toBe(true);
    for (const state of [
      unconfigured<typeof report>(),
      ready(incidents({ incidents: [] })),
      failed<typeof report>('Uptime Kuma answered 500'),
    ]) {
      await update(el, { state });
      expect(el.hidden, state.phase).toBe(true);
      expect(isShown(incidentsPanel, state)).toBe(false);
    }
    await update(el, { state: ready(report) });
    expect(el.hidden).toBe(false);
    expect(isShown(incidentsPanel, el.state)).toBe(true);
  });

  it('keeps the last incidents through a failed refresh, stale only past its rule', async () => {
    const old = incidents({ fetched_at: new Date(FIXTURE_NOW - 5 * 60_000).toISOString() });
    const el = await mount('kite-incidents', {
      state: ready(old, { error: 'Uptime Kuma answered 502' }),
      freshForMs: incidentsPanel.freshForMs,
    });
    expect($(el, '.stale-mark')?.textContent).toMatch(
      /Stale · 5 min old — Uptime Kuma answered 502/,
    );
    expect($$(el, 'li.incident')).toHaveLength(2);
    const recent = incidents({ fetched_at: new Date(FIXTURE_NOW - 30_000).toISOString() });
    await update(el, { state: ready(recent, { error: 'Uptime Kuma answered 502' }) });
    expect($(el, '.stale-mark')).toBeNull();
    expect($(el, '.age-note')?.textContent).toBe('updated 30 s ago');
    expect(text(el)).toContain('NAS disk replacement');
  });
});

describe('the incidents declaration', () => {
  it('follows the contract: its path, its stream event, the top of the page', () => {
    expect(incidentsPanel).toMatchObject({
      name: 'incidents',
      path: '/api/incidents',
      element: 'kite-incidents',
      slot: 'top',
    });
  });

  it('takes both forms of the answer and refuses others', () => {
    expect(incidentsPanel.guard(incidents())).toBe(true);
    expect(incidentsPanel.guard({ configured: false, incidents: [] })).toBe(true);
    expect(incidentsPanel.guard({ configured: true, incident: null })).toBe(false);
    expect(incidentsPanel.guard('<html>Bad gateway</html>')).toBe(false);
  });
});
