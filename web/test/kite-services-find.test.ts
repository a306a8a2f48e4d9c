/** Finding a service fast: typing anywhere starts the filter; problem cards are marked and reachable. */
import { describe, expect, it } from 'vitest';
import '../src/components/kite-services.js';
import { parseServices } from '../src/services.js';
import { $, $$, mount } from './dom.js';
import { ready, status } from './fixtures.js';
import { input, key, type } from './services-filter.js';

const list = parseServices(
  JSON.stringify({
    services: [
      { name: 'Grafana', description: 'Dashboards', url: 'https://grafana.kitestacks.com' },
      { name: 'Forgejo', description: 'Git', url: 'https://gitforge.kitestacks.com' },
      { name: 'Kavita', url: 'https://kavita.kitestacks.com' },
    ],
  }),
);
const services = { phase: 'ready', list } as const;
const names = (el: HTMLElement) => $$(el, '.card .name').map((n) => n.textContent);
function card(el: HTMLElement, name: string): HTMLElement {
  const found = $$(el, '.card').find((c) => c.querySelector('.name')?.textContent === name);
  if (!found) throw new Error(`no card ${name}`);
  return found;
}

describe('kite-services: finding a service fast', () => {
  it('starts a filter with a letter typed anywhere outside a field, and the panel holds only the matches', async () => {
    const el = await mount('kite-services', { services });
    const typed = await key(document.body, 'j', el);
    expect(typed.defaultPrevented).toBe(true);
    expect(input(el).value).toBe('j');
    expect(el.shadowRoot?.activeElement).toBe(input(el));
    expect(names(el)).toEqual(['Forgejo']);
    expect($(el, '[role="status"]')?.textContent).toBe('1 of 3 match');
    // Space, Enter and shortcuts are the page's as before.
    input(el).blur();
    for (const other of [' ', 'Enter', 'Tab']) {
      const event = await key(document.body, other, el);
      expect(event.defaultPrevented).toBe(false);
    }
  });

  it('marks cards whose monitor is not up, and brings a card into view on request', async () => {
    const el = await mount('kite-services', { services, status: ready(status()) });
    expect(card(el, 'Forgejo').classList.contains('is-problem')).toBe(true);
    expect(card(el, 'Forgejo').classList.contains('is-down')).toBe(true);
    expect(card(el, 'Kavita').classList.contains('is-pending')).toBe(true);
    expect(card(el, 'Grafana').classList.contains('is-problem')).toBe(false);
    // A filter that hides the card is cleared first.
    await type(el, 'grafana');
    await el.reveal(1);
    expect(input(el).value).toBe('');
    expect(el.shadowRoot?.activeElement).toBe(card(el, 'Forgejo'));
  });
});
