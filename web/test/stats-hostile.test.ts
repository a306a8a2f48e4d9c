/**
 * One host's broken figures stay that host's problem: the stats panel draws it with dashes
 * or as "unreadable figures", never throws, and keeps every good host drawn and updating.
 */
import { describe, expect, it } from 'vitest';
import { HOSTILE_CASES, hostsAnswerText } from '../../fakes/hostile-hosts.js';
import { isHosts } from '../src/api/guards.js';
import '../src/components/kite-stats.js';
import type { Hosts } from '../src/api/types.js';
import { hostsView } from '../src/controllers/hosts-view.js';
import { $, $$, mount, text, update } from './dom.js';
import { FIXTURE_NOW, ready } from './fixtures.js';

const GOOD = [{ name: 'monk', self: true }, { name: 'kscloud1' }];

/** The panel's state from an answer's text, the way the page gets it: parsed, checked, read. */
function stateFrom(body: string) {
  const answer: unknown = JSON.parse(body);
  if (!isHosts(answer)) throw new Error('the hosts check refused the whole answer');
  return hostsView(ready<Hosts>(answer));
}

function answer(cases: typeof HOSTILE_CASES, tick: number): string {
  const at = new Date(FIXTURE_NOW + tick * 2_000).toISOString();
  return hostsAnswerText(GOOD, cases, tick, at);
}

const cpu = (el: HTMLElement, name: string) =>
  $(el, `article[data-host="${name}"] [data-metric="cpu"]`)?.textContent;

describe('a hostile host in the stats panel', () => {
  for (const hostile of HOSTILE_CASES) {
    it(`${hostile.name}: drawn on its own (${hostile.expect}), every good host drawn and updating`, async () => {
      const el = await mount('kite-stats', { state: stateFrom(answer([hostile], 1)) });
      const first = GOOD.map((host) => cpu(el, host.name));
      expect(first).toEqual(['11%', '11%']);
      await update(el, { state: stateFrom(answer([hostile], 2)) });
      expect(GOOD.map((host) => cpu(el, host.name))).toEqual(['12%', '12%']);

      const card = $(el, `article[data-host="${hostile.name}"]`);
      if (hostile.expect === 'left out') {
        expect(card).toBeNull();
        expect($$(el, 'article.host')).toHaveLength(GOOD.length);
        return;
      }
      expect(card).not.toBeNull();
      const said = (card?.textContent ?? '').replace(/\s+/g, ' ');
      expect(said).not.toMatch(/NaN|Infinity|undefined|\[object/);
      if (hostile.expect === 'unreadable') {
        expect(card?.querySelector('p.unreadable')?.textContent).toMatch(/Unreadable figures/);
        expect(card?.querySelector('.tiles')).toBeNull();
      } else {
        expect(card?.querySelector('.tiles')).not.toBeNull();
        expect(said).toContain('—');
      }
    });
  }

  it('every hostile peer at once: the good hosts stay, with their own figures', async () => {
    const el = await mount('kite-stats', { state: stateFrom(answer(HOSTILE_CASES, 3)) });
    await update(el, { state: stateFrom(answer(HOSTILE_CASES, 4)) });
    expect(GOOD.map((host) => cpu(el, host.name))).toEqual(['14%', '14%']);
    const drawn = HOSTILE_CASES.filter((hostile) => hostile.expect !== 'left out');
    expect($$(el, 'article.host')).toHaveLength(GOOD.length + drawn.length);
    expect(text(el)).toContain(`${GOOD.length + drawn.length} hosts`);
    expect($(el, 'article[data-host="inf-integer"] .meta')?.textContent).toContain('— processes');
    expect(cpu(el, 'inf-float')).toBe('—');
    expect(cpu(el, 'nulls')).toBe('—');
    expect(cpu(el, 'strings')).toBe('—');
  });

  it('charts a good host and leaves a hostile one out of the history', async () => {
    const el = await mount('kite-stats');
    for (let tick = 1; tick <= 3; tick++)
      await update(el, { state: stateFrom(answer(HOSTILE_CASES, tick)) });
    const points = (name: string) =>
      $(el, `article[data-host="${name}"] .cpu polyline`)?.getAttribute('points')?.split(' ');
    expect(points('monk')).toHaveLength(3);
    expect(points('inf-float')).toBeUndefined();
  });
});
