import { css } from 'lit';

/*
 * One column on phones, in reading order: the status line, the cards, the stats, the
 * weather, the commits. From 62rem: the status line across the top, the cards with the
 * weather and commits beside them (the aside), the stats across the page below. With
 * nothing in the aside the cards take the full width. Every panel is as tall as its own
 * content (align-self: start), never stretched to its neighbour's height.
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
  .aside {
    display: grid;
    gap: var(--kite-gap);
    align-content: start;
    min-width: 0;
  }
  .aside[hidden] {
    display: none;
  }
  @media (min-width: 62rem) {
    main {
      grid-template-columns: minmax(0, 2fr) minmax(0, 1fr);
      grid-template-areas:
        'summary summary'
        'services aside'
        'stats stats';
    }
    main.no-aside {
      grid-template-areas:
        'summary summary'
        'services services'
        'stats stats';
    }
    kite-summary {
      grid-area: summary;
    }
    kite-stats {
      grid-area: stats;
    }
    kite-services {
      grid-area: services;
    }
    .aside {
      grid-area: aside;
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
