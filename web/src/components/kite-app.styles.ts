import { css } from 'lit';

export const appStyles = css`
  :host {
    display: block;
    max-width: 118rem;
    margin: 0 auto;
    padding: 0 clamp(0.75rem, 3vw, 2.5rem) 2rem;
  }
  main {
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    grid-template-areas:
      'services'
      'side'
      'commits';
    gap: var(--kite-gap);
    margin-top: var(--kite-gap);
  }
  kite-services {
    grid-area: services;
  }
  .side {
    grid-area: side;
    display: grid;
    gap: var(--kite-gap);
    align-content: start;
    min-width: 0;
  }
  kite-commits {
    grid-area: commits;
  }
  @media (min-width: 62rem) {
    main {
      grid-template-columns: minmax(0, 1.35fr) minmax(0, 1fr);
      grid-template-areas:
        'services side'
        'commits commits';
      align-items: start;
    }
  }
  @media (min-width: 100rem) {
    main {
      grid-template-columns: minmax(0, 1.5fr) minmax(0, 1fr) minmax(0, 0.9fr);
      grid-template-areas: 'services side commits';
    }
  }
  footer {
    margin-top: 2rem;
    padding-top: 1rem;
    border-top: 1px solid var(--kite-line);
    font-size: 0.75rem;
    color: var(--kite-text-dim);
    text-align: center;
  }
  footer a {
    color: var(--kite-cyan);
  }
  footer a:focus-visible {
    outline: var(--kite-focus);
    outline-offset: 3px;
  }
`;
