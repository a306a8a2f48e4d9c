import { css } from 'lit';

/*
 * One column on phones, in reading order: the top slot, the status line, the cards, the
 * stats, the aside slot. From 62rem: the top slot and the status line across the page, the
 * cards with the aside slot beside them, the stats across the page below. A slot with
 * nothing to show is not drawn (it takes no row and no gap); with the aside empty the cards
 * take the full width. With one or two hosts (`few-hosts`), from 80rem, the stats move under
 * the cards, beside the aside, which spans both rows: the aside (weather, a page of commits)
 * is taller than the cards, and the page shows live figures there instead of a hole. Two
 * hosts sit side by side in the cards' column from there; three would not. Every panel
 * is as tall as its own content (align-items: start), never stretched to its neighbour's
 * height. The slots' panels come from panels/index.ts.
 */
export const appStyles = css`
  :host {
    display: block;
    max-width: 124rem;
    margin: 0 auto;
    padding: 0 clamp(0.75rem, 3vw, 2.5rem) 2rem;
  }
  main {
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    align-items: start;
    gap: var(--kite-gap);
    margin-top: var(--kite-gap);
  }
  .slot {
    display: grid;
    gap: var(--kite-gap);
    align-content: start;
    min-width: 0;
  }
  .slot[hidden] {
    display: none;
  }
  /*
   * Placed in document order, row by row; the stats are moved after the aside so the aside
   * sits beside the cards (the order phones read is the document's).
   */
  @media (min-width: 62rem) {
    main {
      grid-template-columns: minmax(0, 2fr) minmax(0, 1fr);
    }
    .top,
    kite-summary,
    kite-stats,
    main.no-aside kite-services {
      grid-column: 1 / -1;
    }
    kite-services {
      grid-column: 1;
    }
    .aside {
      grid-column: 2;
    }
    kite-stats {
      order: 1;
    }
  }
  @media (min-width: 80rem) {
    main.few-hosts:not(.no-aside) kite-stats {
      grid-column: 1;
    }
    main.few-hosts:not(.no-aside) .aside {
      grid-row: span 2;
    }
  }
  footer {
    margin-top: 2rem;
    padding-top: 1rem;
    border-top: 1px solid var(--kite-line);
    font-size: 0.8rem;
    color: var(--kite-text-dim);
    text-align: center;
  }
  footer a {
    color: var(--kite-cyan);
  }
  footer a:focus-visible {
    outline: var(--kite-focus);
    outline-offset: 3px;
  }
`;
