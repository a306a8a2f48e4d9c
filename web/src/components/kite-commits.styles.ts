import { css } from 'lit';

export const commitsStyles = css`
  ol {
    display: grid;
    gap: 0;
    margin: 0;
    padding: 0;
    list-style: none;
  }
  li {
    display: grid;
    grid-template-columns: minmax(0, 1fr) auto;
    gap: 0.15rem 1rem;
    padding: 0.6rem 0;
    border-bottom: 1px dashed var(--kite-line);
  }
  li:last-child {
    border-bottom: 0;
  }
  .message {
    grid-column: 1 / -1;
    margin: 0;
    font-size: 0.88rem;
    color: var(--kite-text);
    overflow-wrap: anywhere;
  }
  .message a {
    color: var(--kite-text);
    text-decoration-color: var(--kite-magenta);
    text-underline-offset: 0.2em;
  }
  .message a:hover {
    color: var(--kite-cyan);
  }
  .repo {
    font-size: 0.76rem;
    overflow-wrap: anywhere;
  }
  .repo a,
  .repo span {
    color: var(--kite-magenta);
  }
  .byline {
    font-size: 0.76rem;
    color: var(--kite-text-dim);
    text-align: right;
    white-space: nowrap;
  }
  .sha {
    color: var(--kite-yellow);
  }
  .empty {
    margin: 0;
    color: var(--kite-text-dim);
  }
`;
