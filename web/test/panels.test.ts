import { describe, expect, expectTypeOf, it } from 'vitest';
import '../src/components/kite-app.js';
import { SOURCES, type SourceDescriptor } from '../src/controllers/sources.js';
import type { SourceState } from '../src/controllers/source-state.js';
import { PANELS } from '../src/panels/index.js';

type Panel = (typeof PANELS)[number];
/** The element a declaration names, as the page's element map knows it. */
type ElementOf<P> = P extends { element: infer E extends keyof HTMLElementTagNameMap }
  ? HTMLElementTagNameMap[E]
  : never;
type DataOf<P> = P extends SourceDescriptor<infer T> ? T : never;
/** What kite-app sets on each declared element. */
type Takes<P> = { state: SourceState<DataOf<P>>; offline: boolean; freshForMs: number | undefined };
/** Whether element `E` takes panel `P`'s data; false for a tag the page does not define. */
type Fits<E, P> = [E] extends [never] ? false : E extends Takes<P> ? true : false;
type Checked = { [P in Panel as P['name']]: Fits<ElementOf<P>, P> };

describe('the panel declarations', () => {
  it('name elements that take the data their source gives', () => {
    // Every declared panel, by its source name: `true` where its element takes its data.
    expectTypeOf<Checked>().toEqualTypeOf<{ [P in Panel as P['name']]: true }>();
    // The check can fail: the weather's element does not take the commits' data.
    expectTypeOf<
      Fits<ElementOf<Extract<Panel, { name: 'weather' }>>, Extract<Panel, { name: 'activity' }>>
    >().toEqualTypeOf<false>();
  });

  it('name elements the page defines, each once, with sources in the table', () => {
    for (const panel of PANELS) {
      expect(customElements.get(panel.element), panel.element).toBeDefined();
      expect(SOURCES[panel.name]).toBe(panel);
    }
    expect(new Set(PANELS.map((panel) => panel.element)).size).toBe(PANELS.length);
    expect(new Set(PANELS.map((panel) => panel.name)).size).toBe(PANELS.length);
  });
});
