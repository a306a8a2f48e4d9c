import { css } from 'lit';

/*
 * One incident per row, side by side where there is room. Each kind is a word and a shape in
 * its colour, so colour is never the only sign: a triangle for an outage, a diamond for a
 * warning, a ring for information, a square for a notice, a dash for a note.
 * The row's left edge takes the same colour.
 */
export const incidentsStyles = css`
  ol {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(min(100%, 30rem), 1fr));
    gap: 0.75rem 2rem;
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .incident {
    min-width: 0;
    padding: 0.2rem 0 0.2rem 0.8rem;
    border-left: 4px solid currentColor;
  }
  .title {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0.2rem 0.7rem;
    margin: 0;
    font-size: 1rem;
    line-height: 1.4;
    color: var(--kite-text);
    overflow-wrap: anywhere;
  }
  .kind {
    display: inline-flex;
    align-items: center;
    gap: 0.4em;
    flex: none;
    font-size: 0.8rem;
    font-weight: 700;
    letter-spacing: 0.08em;
    text-transform: uppercase;
    color: var(--incident-colour);
  }
  .shape {
    display: inline-block;
    width: 0.8em;
    height: 0.8em;
    flex: none;
  }
  .content {
    margin: 0.3rem 0 0;
    font-size: 0.88rem;
    line-height: 1.5;
    color: var(--kite-text);
    /* Upstream text keeps its own line breaks, and a long word or address cannot widen the page. */
    white-space: pre-line;
    overflow-wrap: anywhere;
  }
  .updated {
    margin: 0.2rem 0 0;
    font-size: 0.8rem;
    color: var(--kite-text-dim);
  }
  .danger {
    --incident-colour: var(--kite-red);
    color: var(--kite-red);
  }
  .danger .shape {
    background: currentColor;
    clip-path: polygon(50% 0, 100% 100%, 0 100%);
  }
  .warning {
    --incident-colour: var(--kite-yellow);
    color: var(--kite-yellow);
  }
  .warning .shape {
    background: currentColor;
    transform: rotate(45deg) scale(0.8);
  }
  .info {
    --incident-colour: var(--kite-cyan);
    color: var(--kite-cyan);
  }
  .info .shape {
    border: 2px solid currentColor;
    border-radius: 50%;
  }
  .primary {
    --incident-colour: var(--kite-violet);
    color: var(--kite-violet);
  }
  .primary .shape {
    background: currentColor;
  }
  .light,
  .dark {
    --incident-colour: var(--kite-text-dim);
    color: var(--kite-text-dim);
  }
  .light .shape,
  .dark .shape {
    height: 0.25em;
    background: currentColor;
  }
`;
