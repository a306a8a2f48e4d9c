import { css } from 'lit';

/** One band under the header: the services' group, then the hosts', wrapping as one. */
export const summaryStyles = css`
  .summary {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.35rem 1.6rem;
    margin: 0;
    padding: 0.55rem 0.9rem;
    font-size: 0.88rem;
    background: var(--kite-surface);
    border: 1px solid var(--kite-line);
    border-left: 3px solid var(--kite-cyan);
  }
  .group {
    display: inline-flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.2rem 0;
  }
  .item {
    display: inline-flex;
    align-items: center;
    white-space: nowrap;
  }
  .count {
    color: var(--kite-text);
    font-weight: 700;
  }
  .sep {
    margin: 0 0.55rem;
    color: var(--kite-text-dim);
  }
  a.status {
    display: inline-flex;
    align-items: center;
    gap: 0.4em;
    min-height: 24px;
    font-weight: 700;
    text-decoration: underline;
    text-underline-offset: 0.2em;
    text-decoration-thickness: 1px;
  }
  .status {
    display: inline-flex;
    align-items: center;
    gap: 0.4em;
  }
  .all-up .status {
    font-weight: 700;
  }
`;
