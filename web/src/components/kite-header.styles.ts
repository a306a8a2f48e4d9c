import { css } from 'lit';

export const headerStyles = css`
  header {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 0.75rem 2rem;
    padding: clamp(1rem, 2.2vw, 1.8rem) 0 clamp(0.8rem, 1.5vw, 1.2rem);
    border-bottom: 1px solid var(--kite-line);
  }
  .brand {
    min-width: 0;
  }
  .tagline {
    margin: 0.35rem 0 0;
    font-size: 0.8rem;
    letter-spacing: 0.12em;
    color: var(--kite-text-dim);
    text-transform: uppercase;
  }
  .tagline b {
    color: var(--kite-magenta);
    font-weight: 700;
  }
  h1 {
    position: relative;
    margin: 0;
    font-family: var(--kite-font-display);
    font-size: clamp(1.7rem, 4.5vw, 3.2rem);
    font-weight: 700;
    letter-spacing: 0.08em;
    line-height: 1.05;
    color: #f4fbff;
    text-shadow: var(--kite-glow-cyan);
  }
  h1 .accent {
    color: var(--kite-magenta);
    text-shadow: var(--kite-glow-magenta);
  }
  /* The glitch: two offset copies flicker through a sliver now and then. */
  h1::before,
  h1::after {
    content: attr(data-text);
    position: absolute;
    inset: 0;
    pointer-events: none;
    opacity: 0;
  }
  h1::before {
    color: var(--kite-magenta);
    transform: translate(-3px, 0);
    animation: kite-glitch 6s steps(1) infinite;
  }
  h1::after {
    color: var(--kite-cyan);
    transform: translate(3px, 0);
    animation: kite-glitch 6s steps(1) 0.12s infinite;
  }
  @keyframes kite-glitch {
    0%,
    91%,
    100% {
      opacity: 0;
      clip-path: inset(0 0 100% 0);
    }
    92% {
      opacity: 0.85;
      clip-path: inset(20% 0 55% 0);
    }
    94% {
      opacity: 0.85;
      clip-path: inset(60% 0 12% 0);
    }
    96% {
      opacity: 0.85;
      clip-path: inset(38% 0 40% 0);
    }
  }
  .readout {
    display: grid;
    justify-items: end;
    gap: 0.2rem;
    text-align: right;
  }
  time {
    font-family: var(--kite-font-display);
    font-size: clamp(1.3rem, 2.6vw, 2rem);
    font-variant-numeric: tabular-nums;
    letter-spacing: 0.06em;
    color: var(--kite-yellow);
    text-shadow: 0 0 0.4em rgb(255 228 92 / 0.45);
  }
  .date,
  .served {
    font-size: 0.8rem;
    color: var(--kite-text-dim);
  }
  .served strong {
    color: var(--kite-cyan);
  }
  .link {
    display: inline-flex;
    align-items: center;
    gap: 0.45em;
    font-size: 0.8rem;
    letter-spacing: 0.1em;
    text-transform: uppercase;
  }
  .shape {
    display: inline-block;
    width: 0.7em;
    height: 0.7em;
  }
  .live .shape {
    border-radius: 50%;
    background: var(--kite-green);
    box-shadow: 0 0 0.5em var(--kite-green);
    animation: kite-pulse 2s ease-in-out infinite;
  }
  .live {
    color: var(--kite-green);
  }
  .polling .shape,
  .connecting .shape,
  .paused .shape {
    border-radius: 50%;
    border: 2px solid currentColor;
  }
  .polling,
  .connecting {
    color: var(--kite-cyan);
  }
  .paused {
    color: var(--kite-text-dim);
  }
  .offline {
    color: var(--kite-red);
  }
  .offline .shape {
    background: var(--kite-red);
    clip-path: polygon(50% 0, 100% 100%, 0 100%);
  }
  @keyframes kite-pulse {
    50% {
      opacity: 0.45;
    }
  }
  /*
   * A phone: one short bar, the name on the left and the clock over the link state on the
   * right. The tagline, the date and "served by" go (the stats panel names the host).
   */
  @media (max-width: 34rem) {
    header {
      flex-wrap: nowrap;
      gap: 0.75rem;
      padding: 0.7rem 0 0.6rem;
    }
    h1 {
      font-size: 1.25rem;
      letter-spacing: 0.06em;
    }
    .tagline,
    .date,
    .served {
      display: none;
    }
    .readout {
      gap: 0;
      flex: none;
    }
    time {
      font-size: 1.05rem;
      letter-spacing: 0.04em;
    }
    .link {
      font-size: 0.8rem;
    }
  }
`;
