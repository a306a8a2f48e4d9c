import { describe, expect, it } from 'vitest';
import '../src/components/kite-weather.js';
import { $, mount, text } from './dom.js';
import { failed, ready, unconfigured, weather } from './fixtures.js';

describe('kite-weather', () => {
  it('draws a loading skeleton first', async () => {
    const el = await mount('kite-weather');
    expect($(el, '.skeleton')).not.toBeNull();
    expect(el.hidden).toBe(false);
  });

  it('shows the conditions', async () => {
    const el = await mount('kite-weather', { state: ready(weather()) });
    const shown = text(el);
    expect($(el, '.temp')?.textContent).toBe('-3°C');
    expect(shown).toContain('Light snow');
    expect(shown).toContain('Heideck, Germany');
    expect(shown).toContain('-8°C');
    expect(shown).toContain('80%');
    expect(shown).toContain('15 km/h NW');
    expect($(el, 'svg.wicon')?.getAttribute('aria-hidden')).toBe('true');
    expect($(el, '.notice')).toBeNull();
  });

  it('copes with an observation time the upstream did not give', async () => {
    const el = await mount('kite-weather', { state: ready(weather({ observed_at: null })) });
    expect(text(el)).toContain('Observed unknown');
  });

  it('says when the server sent its last good copy', async () => {
    const el = await mount('kite-weather', {
      state: ready(weather({ stale: true }), { stale: true }),
    });
    expect($(el, '.notice')?.textContent).toMatch(
      /Stale · \d+ \w+ old — .*upstream is not answering/s,
    );
    expect($(el, '.temp')).not.toBeNull();
  });

  it('keeps the last weather with a notice when the API goes offline', async () => {
    const el = await mount('kite-weather', {
      state: ready(weather(), { stale: true }),
      offline: true,
    });
    // The page-wide banner says why; the panel says how old its figures are.
    expect($(el, '.notice')?.textContent).toMatch(/Stale · \d+ \w+ old/);
  });

  it('shows an error state with nothing cached', async () => {
    const el = await mount('kite-weather', { state: failed('wttr.in did not answer') });
    expect($(el, '.problem')?.textContent).toMatch(
      /Unavailable.*weather: wttr\.in did not answer/s,
    );
  });

  it('says offline when the API is gone and nothing was ever shown', async () => {
    const el = await mount('kite-weather', { state: failed('not reachable'), offline: true });
    expect($(el, '.problem')?.textContent).toMatch(/Offline.*portal API is not answering/s);
  });

  it('hides itself when the server has no location set', async () => {
    const el = await mount('kite-weather', { state: unconfigured() });
    expect(el.hidden).toBe(true);
  });

  it('renders the condition as text, never as markup', async () => {
    const el = await mount('kite-weather', {
      state: ready(weather({ condition: '<img src=x onerror=alert(1)>Sunny' })),
    });
    expect($(el, 'img')).toBeNull();
    expect($(el, '.condition')?.textContent).toBe('<img src=x onerror=alert(1)>Sunny');
  });

  it('marks an observation over 3 hours old, and only then', async () => {
    const at = (ms: number) => new Date(Date.now() - ms).toISOString();
    const fresh = await mount('kite-weather', {
      state: ready(weather({ observed_at: at(2 * 3_600_000) })),
    });
    expect($(fresh, '.old')).toBeNull();
    expect(text(fresh)).toContain('Observed 2 hours ago');

    const old = await mount('kite-weather', {
      state: ready(weather({ observed_at: at(8 * 30 * 86_400_000) })),
    });
    expect($(old, '.old')?.textContent?.trim()).toBe('old observation');
    expect($(old, '.old .shape')?.getAttribute('aria-hidden')).toBe('true');
    expect(text(old)).toMatch(/Observed 8 months ago old observation/);

    const unknown = await mount('kite-weather', { state: ready(weather({ observed_at: null })) });
    expect($(unknown, '.old')).toBeNull();
  });

  it('isolates the location, condition and wind direction (upstream text)', async () => {
    const el = await mount('kite-weather', {
      state: ready(weather({ location: 'x\u202Ey', condition: '\u202ESnow', wind_dir: 'N\u202E' })),
    });
    expect($(el, '.meta')?.getAttribute('dir')).toBe('auto');
    expect($(el, '.condition')?.getAttribute('dir')).toBe('auto');
    expect($(el, 'dd bdi')?.textContent).toBe('N\u202E');
  });
});
