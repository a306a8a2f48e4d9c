/** Mounting components in happy-dom and reading what they drew. */
import type { LitElement } from 'lit';
import { afterEach } from 'vitest';

const mounted: HTMLElement[] = [];

afterEach(() => {
  for (const element of mounted.splice(0)) element.remove();
});

export async function mount<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Partial<HTMLElementTagNameMap[K]> = {},
): Promise<HTMLElementTagNameMap[K]> {
  const element = document.createElement(tag);
  Object.assign(element, props);
  document.body.append(element);
  mounted.push(element);
  await (element as unknown as LitElement).updateComplete;
  return element;
}

export async function update(element: HTMLElement, props: object): Promise<void> {
  Object.assign(element, props);
  await (element as unknown as LitElement).updateComplete;
}

export function $(element: HTMLElement, selector: string): HTMLElement | null {
  return element.shadowRoot?.querySelector<HTMLElement>(selector) ?? null;
}

export function $$(element: HTMLElement, selector: string): HTMLElement[] {
  return [...(element.shadowRoot?.querySelectorAll<HTMLElement>(selector) ?? [])];
}

/** The visible text of a component's shadow root, whitespace collapsed. */
export function text(element: HTMLElement): string {
  return (element.shadowRoot?.textContent ?? '').replace(/\s+/g, ' ').trim();
}
