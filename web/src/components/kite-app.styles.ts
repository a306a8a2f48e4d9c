import { css } from 'lit';

/*
 * Phones: one column in reading order (cards, stats, weather, commits). From 62rem: two
 * columns, the stats across the top. The weather joins the stats' row while one or two
 * hosts leave it room (class weather-top: the aside's children become grid items of their
 * own); otherwise it heads the aside above the commits. With nothing in the aside the cards
 * take the full width.
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
        'stats stats'
        'services aside';
    }
    main.no-aside {
      grid-template-areas:
        'stats stats'
        'services services';
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
    main.weather-top {
      grid-template-areas:
        'stats weather'
        'services commits';
    }
    main.weather-top.no-commits {
      grid-template-areas:
        'stats weather'
        'services services';
    }
    main.weather-top .aside {
      display: contents;
    }
    main.weather-top kite-weather {
      grid-area: weather;
    }
    main.weather-top kite-commits {
      grid-area: commits;
    }
  }
  footer {
    margin-top: 2rem;
    padding-top: 1rem;
    border-top: 1px solid var(--kite-line);
    font-size: 0.75rem;
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
