import { css } from 'lit';

export const statsPhoneStyles = css`
  /*
   * A phone: each host one row (name, state, CPU, memory, fullest disk) that opens on a tap
   * into its notice and tiles.
   */
  @container stats (max-width: 36rem) {
    .host {
      grid-row: auto;
      display: block;
      padding-bottom: 0.4rem;
    }
    .host-row {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 0.2rem 0.7rem;
      width: 100%;
      min-height: 2.75rem;
      padding: 0.4rem 0.6rem;
      font: inherit;
      font-size: 0.8rem;
      text-align: left;
      color: var(--kite-text);
      background: rgb(20 19 46 / 0.75);
      border: 1px solid var(--kite-line);
      cursor: pointer;
    }
    .host-row:focus-visible {
      outline: var(--kite-focus);
      outline-offset: 2px;
    }
    .host-row::after {
      content: '▾' / '';
      margin-left: auto;
      color: var(--kite-text-dim);
    }
    .host.open .host-row::after {
      content: '▴' / '';
    }
    .row-name {
      font-family: var(--kite-font-display);
      font-weight: 700;
      letter-spacing: 0.06em;
    }
    .row-state {
      display: inline-flex;
      align-items: center;
      gap: 0.35em;
      text-transform: uppercase;
      letter-spacing: 0.06em;
    }
    .row-state .shape {
      width: 0.7em;
      height: 0.7em;
      border-radius: 50%;
      background: currentColor;
    }
    .row-state.live {
      color: var(--kite-green);
    }
    .row-state.stale,
    .row-state.connecting {
      color: var(--kite-yellow);
    }
    .row-state.stale .shape,
    .row-state.connecting .shape {
      background: none;
      border: 2px solid currentColor;
    }
    .row-state.down,
    .row-state.incompatible,
    .row-state.unreadable {
      color: var(--kite-red);
    }
    .row-state.down .shape,
    .row-state.incompatible .shape,
    .row-state.unreadable .shape {
      border-radius: 0;
      clip-path: polygon(50% 0, 100% 100%, 0 100%);
    }
    .row-figs {
      display: inline-flex;
      flex-wrap: wrap;
      gap: 0 0.6rem;
      color: var(--kite-text-dim);
      font-variant-numeric: tabular-nums;
    }
    .host-top,
    .host-body {
      display: none;
      padding: 0.5rem 0 0;
    }
    .host.open .host-top,
    .host.open .host-body {
      display: block;
    }
    /* The row above already names the host and its state ("served by" stays). */
    .host-head h3,
    .host-head .badge.down {
      display: none;
    }
  }
`;
