import { css } from 'lit';

/*
 * The panel is a size container: hosts sit side by side when each gets room for its tiles
 * two by two, and each host (a container too) lays its four tiles out 4, 2 or 1 across, so
 * no row is left with a hole.
 */
export const statsStyles = css`
  .panel {
    container: stats / inline-size;
  }
  /*
   * Each host takes three rows of the panel's grid (its phone summary, its name and notice,
   * its tiles) as a subgrid, so hosts side by side start their tiles on one line whatever
   * their name, meta or notice take.
   */
  .hosts {
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    gap: 0 1.1rem;
  }
  .host {
    display: grid;
    grid-row: span 3;
    grid-template-rows: subgrid;
    align-content: start;
  }
  .host-row {
    display: none;
  }
  .host-body {
    padding-bottom: 0.9rem;
  }
  .host:last-child .host-body {
    padding-bottom: 0;
  }
  @container stats (min-width: 44rem) {
    .hosts[data-count='2'],
    .hosts[data-count='4'] {
      grid-template-columns: repeat(2, minmax(0, 1fr));
    }
  }
  @container stats (min-width: 70rem) {
    .hosts[data-count='3'] {
      grid-template-columns: repeat(3, minmax(0, 1fr));
    }
  }
  /* The tiles' container is the host's body, not the host: a size container cannot be a subgrid. */
  .host {
    min-width: 0;
  }
  .host-body {
    container: host / inline-size;
    min-width: 0;
  }
  .host-top {
    padding-bottom: 0.45rem;
  }
  .host-head {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0.2rem 0.6rem;
  }
  .host-head h3 {
    margin: 0;
    font-family: var(--kite-font-display);
    font-size: 0.95rem;
    letter-spacing: 0.08em;
    color: var(--kite-text);
    overflow-wrap: anywhere;
  }
  .badge {
    padding: 0 0.4rem;
    font-size: 0.8rem;
    letter-spacing: 0.1em;
    text-transform: uppercase;
    border: 1px solid currentColor;
  }
  .badge.served {
    color: var(--kite-cyan);
  }
  .badge.down {
    color: var(--kite-red);
  }
  .host-head .meta {
    flex: 1 1 12rem;
    font-size: 0.8rem;
    color: var(--kite-text-dim);
  }
  .host-notice {
    margin: 0.45rem 0 0;
    padding: 0.3rem 0.6rem;
    font-size: 0.8rem;
    border-left: 3px solid var(--kite-red);
    background: rgb(255 107 129 / 0.08);
  }
  .host.stale .host-notice {
    border-left-color: var(--kite-yellow);
    background: rgb(255 228 92 / 0.07);
  }
  .host-notice strong {
    color: var(--kite-red);
    letter-spacing: 0.06em;
    text-transform: uppercase;
  }
  .host.stale .host-notice strong {
    color: var(--kite-yellow);
  }
  .host-notice .why {
    color: var(--kite-text-dim);
  }
  .empty {
    margin: 0;
    font-size: 0.8rem;
    color: var(--kite-text-dim);
  }
  .empty.unreadable strong {
    color: var(--kite-red);
    letter-spacing: 0.06em;
    text-transform: uppercase;
  }
  .version {
    white-space: nowrap;
  }
  .tiles {
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    gap: 0.6rem;
  }
  @container host (min-width: 19rem) {
    .tiles {
      grid-template-columns: repeat(2, minmax(0, 1fr));
    }
  }
  @container host (min-width: 50rem) {
    .tiles {
      grid-template-columns: repeat(4, minmax(0, 1fr));
    }
  }
  /* The panel dims every host at once when the API is gone; no second dimming inside. */
  .hosts.dimmed .tiles.dimmed {
    opacity: 1;
    filter: none;
  }
  .tile {
    min-width: 0;
    padding: 0.6rem 0.7rem 0.55rem;
    background: rgb(20 19 46 / 0.75);
    border: 1px solid var(--kite-line);
  }
  .tile h4 {
    margin: 0;
    font-size: 0.8rem;
    font-weight: 400;
    letter-spacing: 0.14em;
    text-transform: uppercase;
    color: var(--kite-text-dim);
  }
  .value {
    display: block;
    margin: 0.1rem 0 0.25rem;
    font-family: var(--kite-font-display);
    font-size: 1.4rem;
    font-variant-numeric: tabular-nums;
    line-height: 1.25;
    color: var(--kite-text);
    overflow-wrap: anywhere;
  }
  .value.small {
    font-size: 0.95rem;
  }
  .value.small > span {
    display: block;
    white-space: nowrap;
  }
  .sub {
    display: flex;
    flex-wrap: wrap;
    gap: 0 0.6rem;
    margin: 0.2rem 0 0;
    font-size: 0.8rem;
    color: var(--kite-text-dim);
  }
  .sub > span {
    min-width: 0;
    overflow-wrap: anywhere;
  }
  .rx {
    color: var(--kite-cyan);
  }
  .tx {
    color: var(--kite-magenta);
  }
  .chart {
    display: grid;
    grid-template-columns: minmax(0, 1fr) auto;
    grid-template-rows: auto auto;
    column-gap: 0.35rem;
    margin: 0.15rem 0;
  }
  .spark {
    grid-column: 1;
    grid-row: 1 / 3;
    display: block;
    width: 100%;
    height: 2.4rem;
    overflow: visible;
    border-bottom: 1px solid var(--kite-line);
  }
  .scale {
    grid-column: 2;
    font-size: 0.8rem;
    line-height: 1;
    color: var(--kite-text-dim);
    font-variant-numeric: tabular-nums;
  }
  .scale.bottom {
    align-self: end;
  }
  .mid {
    stroke: var(--kite-line);
    stroke-width: 1;
    stroke-dasharray: 2 3;
    vector-effect: non-scaling-stroke;
  }
  .line {
    fill: none;
    stroke: var(--kite-cyan);
    stroke-width: 1.6;
    vector-effect: non-scaling-stroke;
    filter: drop-shadow(0 0 3px rgb(33 230 255 / 0.8));
  }
  .line-1 {
    stroke: var(--kite-magenta);
    filter: drop-shadow(0 0 3px rgb(255 79 216 / 0.8));
  }
  .disks ul {
    display: grid;
    gap: 0.45rem;
    margin: 0.3rem 0 0;
    padding: 0;
    list-style: none;
  }
  .disk-line {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    gap: 0 0.6rem;
    font-size: 0.8rem;
  }
  .mount {
    color: var(--kite-text);
    overflow-wrap: anywhere;
  }
  .pct {
    color: var(--kite-text);
    font-variant-numeric: tabular-nums;
  }
  .size {
    white-space: nowrap;
    color: var(--kite-text-dim);
  }
  .bar {
    height: 0.4rem;
    margin-top: 0.25rem;
    background: var(--kite-surface-2);
    border: 1px solid var(--kite-line);
  }
  .bar span {
    display: block;
    height: 100%;
    background: linear-gradient(90deg, var(--kite-cyan), var(--kite-magenta));
    box-shadow: 0 0 0.5rem rgb(33 230 255 / 0.5);
    transform-origin: left;
    transform: scaleX(var(--fill, 0));
    transition: transform 0.6s ease;
  }
  .mem .bar span {
    background: linear-gradient(90deg, var(--kite-violet), var(--kite-magenta));
  }
  .bar.swap {
    height: 0.3rem;
  }
  .bar.hot span {
    background: var(--kite-red);
  }
`;
