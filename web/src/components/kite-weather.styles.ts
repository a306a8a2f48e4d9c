import { css } from 'lit';

export const weatherStyles = css`
  .now {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.4rem 1rem;
  }
  .wicon {
    width: 4rem;
    height: 4rem;
    flex: none;
    fill: none;
    stroke-width: 2.4;
    stroke-linecap: round;
    stroke-linejoin: round;
  }
  .w-sun {
    stroke: var(--kite-yellow);
    filter: drop-shadow(0 0 3px rgb(255 228 92 / 0.8));
  }
  .w-cloud {
    stroke: var(--kite-cyan);
    fill: var(--kite-bg);
    filter: drop-shadow(0 0 3px rgb(33 230 255 / 0.8));
  }
  .w-drop,
  .w-snow {
    stroke: var(--kite-violet);
  }
  .w-bolt {
    stroke: var(--kite-yellow);
  }
  .temp {
    font-family: var(--kite-font-display);
    font-size: 2.4rem;
    line-height: 1;
    color: var(--kite-text);
    text-shadow: var(--kite-glow-magenta);
  }
  .condition {
    margin: 0;
    font-size: 0.95rem;
    color: var(--kite-text);
    overflow-wrap: anywhere;
  }
  dl {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(6.5rem, 1fr));
    gap: 0.5rem 1rem;
    margin: 0.9rem 0 0;
  }
  dt {
    font-size: 0.8rem;
    letter-spacing: 0.12em;
    text-transform: uppercase;
    color: var(--kite-text-dim);
  }
  dd {
    margin: 0;
    font-size: 0.9rem;
  }
  /* The time and its "old" mark read as one phrase: they get the whole row. */
  .observed {
    grid-column: 1 / -1;
  }
  .old {
    display: inline-flex;
    align-items: center;
    gap: 0.35em;
    margin-left: 0.3em;
    padding: 0 0.35em;
    font-size: 0.8rem;
    letter-spacing: 0.06em;
    text-transform: uppercase;
    white-space: nowrap;
    color: var(--kite-yellow);
    border: 1px solid currentColor;
  }
  .old .shape {
    width: 0.7em;
    height: 0.7em;
    background: currentColor;
    clip-path: polygon(50% 0, 100% 100%, 0 100%);
  }
`;
