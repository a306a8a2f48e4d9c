import { css } from 'lit';

export const statsStyles = css`
  .tiles {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, 12rem), 1fr));
    gap: 0.7rem;
  }
  .tile {
    min-width: 0;
    padding: 0.7rem 0.8rem 0.6rem;
    background: rgb(20 19 46 / 0.75);
    border: 1px solid var(--kite-line);
  }
  .tile h3 {
    margin: 0;
    font-size: 0.72rem;
    font-weight: 400;
    letter-spacing: 0.14em;
    text-transform: uppercase;
    color: var(--kite-text-dim);
  }
  .value {
    display: block;
    margin: 0.1rem 0 0.2rem;
    font-family: var(--kite-font-display);
    font-size: 1.45rem;
    font-variant-numeric: tabular-nums;
    color: var(--kite-text);
    overflow-wrap: anywhere;
  }
  .value.small {
    font-size: 1.05rem;
  }
  .sub {
    margin: 0;
    font-size: 0.74rem;
    color: var(--kite-text-dim);
    overflow-wrap: anywhere;
  }
  .rx {
    color: var(--kite-cyan);
  }
  .tx {
    color: var(--kite-magenta);
  }
  .spark {
    display: block;
    width: 100%;
    height: 2.2rem;
    margin: 0.2rem 0;
    overflow: visible;
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
  .mem .line-0 {
    stroke: var(--kite-violet);
    filter: drop-shadow(0 0 3px rgb(167 139 255 / 0.8));
  }
  .disks {
    grid-column: 1 / -1;
  }
  .disks ul {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(min(100%, 13rem), 1fr));
    gap: 0.5rem 1rem;
    margin: 0.4rem 0 0;
    padding: 0;
    list-style: none;
  }
  .disk-line {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    gap: 0 0.6rem;
    font-size: 0.78rem;
  }
  .mount {
    color: var(--kite-text);
    overflow-wrap: anywhere;
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
  .bar.hot span {
    background: var(--kite-red);
  }
  .offline-banner {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.3rem 0.8rem;
    margin: 0 0 0.8rem;
    padding: 0.5rem 0.75rem;
    border: 1px solid var(--kite-red);
    background: rgb(255 107 129 / 0.1);
    font-size: 0.82rem;
  }
  .offline-banner strong {
    font-family: var(--kite-font-display);
    letter-spacing: 0.16em;
    color: var(--kite-red);
    text-shadow: 0 0 0.4em rgb(255 107 129 / 0.6);
  }
`;
