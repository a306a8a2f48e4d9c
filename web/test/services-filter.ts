/** Driving the services panel's filter as a visitor does: typing in it, pressing keys. */
import type { KiteServices } from '../src/components/kite-services.js';
import { $ } from './dom.js';

export const input = (el: HTMLElement) => $(el, 'input') as HTMLInputElement;

/** Types `value` into the filter and waits for the panel to redraw. */
export async function type(el: KiteServices, value: string): Promise<void> {
  input(el).value = value;
  input(el).dispatchEvent(new Event('input'));
  await el.updateComplete;
}

/** Presses `key` on `target` (bubbling out of shadow roots) and waits for the panel. */
export async function key(
  target: EventTarget,
  key: string,
  el: KiteServices,
): Promise<KeyboardEvent> {
  const event = new KeyboardEvent('keydown', {
    key,
    bubbles: true,
    composed: true,
    cancelable: true,
  });
  target.dispatchEvent(event);
  await el.updateComplete;
  return event;
}
