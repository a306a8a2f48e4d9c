import { css } from 'lit';

export const offlineStyles = css`
  :host {
    position: sticky;
    top: 0;
    z-index: 10;
  }
  .offline-banner {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0.2rem 0.9rem;
    margin: var(--kite-gap) 0 0;
    padding: 0.55rem 0.85rem;
    border: 1px solid var(--kite-red);
    background: rgb(32 10 22 / 0.94);
    font-size: 0.84rem;
  }
  strong {
    font-family: var(--kite-font-display);
    letter-spacing: 0.16em;
    color: var(--kite-red);
    text-shadow: 0 0 0.4em rgb(255 107 129 / 0.6);
  }
  .age {
    font-variant-numeric: tabular-nums;
    color: var(--kite-yellow);
  }
  .rest {
    color: var(--kite-text-dim);
  }
`;
