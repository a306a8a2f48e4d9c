import { css } from 'lit';

export const commitsStyles = css`
  ol {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(min(100%, 24rem), 1fr));
    column-gap: 2.5rem;
    margin: 0;
    padding: 0;
    list-style: none;
  }
  li {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    justify-content: space-between;
    gap: 0.15rem 1rem;
    padding: 0.6rem 0;
    border-bottom: 1px dashed var(--kite-line);
  }
  .message {
    flex-basis: 100%;
    margin: 0;
    font-size: 0.88rem;
    color: var(--kite-text);
    overflow-wrap: anywhere;
  }
  /* WCAG 2.2 target size: stacked links get at least 24 px of height each. */
  .message a,
  .repo a {
    display: inline-block;
    min-height: 24px;
    padding-block: 2px;
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
    min-width: 0;
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
