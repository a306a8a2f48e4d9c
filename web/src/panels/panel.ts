/**
 * What a panel is to the page: one declaration says where its data comes from (the API path,
 * the guard, the poll period, the stream event), how old that data may be, which element
 * draws it and where on the page it sits. `index.ts` lists the declarations; the live
 * controller asks and listens for each, and `kite-app` places each element in its slot.
 *
 * Declarations hold data only and import no element: the source table built from them is
 * read outside a browser too (the crowd benchmark runs pages' polling in Node). The element
 * is named by its tag; its module in components/ defines it, and kite-app loads them all.
 * The element takes three properties, the same for every panel: `state` (its source's
 * state), `offline` (the API is not answering) and `freshForMs` (from the declaration);
 * web/test/panels.test.ts checks each declared element takes its panel's data.
 */
import type { SourceState } from '../controllers/source-state.js';
import type { SourceDescriptor } from '../controllers/sources.js';

/**
 * Where a panel sits. `top`: across the page above the status line, for what a visitor
 * must read first. `aside`: beside the service cards (below the hosts on phones).
 */
export type Slot = 'top' | 'aside';

/** The slots in page order (kite-app.styles.ts places them). */
export const SLOTS: readonly Slot[] = ['top', 'aside'];

/** The properties the page sets on every panel element. */
export interface PanelElement<T> extends HTMLElement {
  state: SourceState<T>;
  offline: boolean;
  freshForMs: number | undefined;
}

/** A panel element's tag: its module is `components/<tag>.ts`. */
export type PanelTag = `kite-${string}`;

/**
 * `N`: the source's name; `T`: the data the panel draws (the answer when configured); `E`:
 * the element's tag.
 */
export interface PanelDeclaration<
  N extends string,
  T,
  E extends PanelTag = PanelTag,
> extends SourceDescriptor<T> {
  /** The stream's event name for this source, and its key in `live.sources`. */
  readonly name: N;
  /**
   * How old the data may be before the panel calls it stale: twice the API's default cache
   * lifetime for the source (docs/configuration.md), so a copy the API is about to refresh
   * is never called stale.
   */
  readonly freshForMs: number;
  /** The element that draws it. */
  readonly element: E;
  readonly slot: Slot;
  /**
   * Whether the panel takes room on the page now; by default whenever the server has the
   * source configured. A slot with no panel shown leaves no hole.
   */
  readonly shown?: (state: SourceState<NoInfer<T>>) => boolean;
}

/** Any panel's declaration (the list holds panels of different data). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the list is heterogeneous
export type AnyPanel = PanelDeclaration<string, any>;

/** Checks a declaration and keeps its exact name and data type. */
export function definePanel<const N extends string, T, const E extends PanelTag>(
  panel: PanelDeclaration<N, T, E>,
): PanelDeclaration<N, T, E> {
  return panel;
}

/** Whether the panel takes room now (its declaration's rule, or "configured"). */
export function isShown<T>(panel: PanelDeclaration<string, T>, state: SourceState<T>): boolean {
  return panel.shown ? panel.shown(state) : state.phase !== 'unconfigured';
}
