import { css } from 'lit';

/**
 * A monitor's state as a shape and a colour (the word beside it says the same): a filled
 * dot up, a triangle down, a ring pending, a square maintenance, a dashed diamond unknown.
 * The services panel and the status line draw them alike.
 */
export const statusShapes = css`
  .shape {
    display: inline-block;
    width: 0.75em;
    height: 0.75em;
    flex: none;
  }
  .up {
    color: var(--kite-green);
  }
  .up .shape {
    border-radius: 50%;
    background: currentColor;
    box-shadow: 0 0 0.45em currentColor;
  }
  .down {
    color: var(--kite-red);
  }
  .down .shape {
    background: currentColor;
    clip-path: polygon(50% 0, 100% 100%, 0 100%);
  }
  .pending {
    color: var(--kite-yellow);
  }
  .pending .shape {
    border-radius: 50%;
    border: 2px solid currentColor;
  }
  .maintenance {
    color: var(--kite-violet);
  }
  .maintenance .shape {
    background: currentColor;
  }
  .unknown {
    color: var(--kite-text-dim);
  }
  .unknown .shape {
    border: 2px dashed currentColor;
    transform: rotate(45deg) scale(0.85);
  }
`;

/** Service cards whose monitor is not up: a full border in the state's colour, found at once. */
export const problemCards = css`
  .card.is-up {
    border-left-color: var(--kite-green);
  }
  .card.is-problem {
    border-color: currentColor;
    border-left-width: 6px;
  }
  .card.is-down {
    color: var(--kite-red);
    background: rgb(255 107 129 / 0.1);
  }
  .card.is-pending {
    color: var(--kite-yellow);
    background: rgb(255 228 92 / 0.07);
  }
  .card.is-maintenance {
    color: var(--kite-violet);
  }
  .card.is-unknown {
    color: var(--kite-text-dim);
  }
  .card.is-problem .name {
    color: var(--kite-text);
  }
`;
