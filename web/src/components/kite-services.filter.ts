/** Type-to-filter over the service cards: what matches, and when `/` may take the focus. */
import type { Service } from '../services.js';

/** Lower case without accents, so "kavita" finds "Kavitá" and "OSTICKET" finds "osTicket". */
function fold(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

/** The words a service is found by: what its card shows (name, description, address). */
function haystack(service: Service): string {
  let host = '';
  if (service.href) host = new URL(service.href).host;
  return fold([service.name, service.description, host].join('\n'));
}

/** The services that hold every word of the query, in their order; all of them for a blank query. */
export function filterServices(services: readonly Service[], query: string): Service[] {
  const words = fold(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...services];
  return services.filter((service) => {
    const text = haystack(service);
    return words.every((word) => text.includes(word));
  });
}

/**
 * Whether a keypress is the visitor typing somewhere (a field, an editable element, a
 * shortcut with a modifier), in which case `/` belongs to them, not to the filter.
 */
export function isTyping(event: KeyboardEvent): boolean {
  if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing) return true;
  const target = event.composedPath()[0];
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    target instanceof HTMLInputElement ||
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement
  );
}

/** A key that starts a filter when typed outside a field: one letter or digit. */
export function startsFilter(key: string): boolean {
  return [...key].length === 1 && /[\p{L}\p{N}]/u.test(key);
}
