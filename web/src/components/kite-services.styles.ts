import { css } from 'lit';

export const servicesStyles = css`
  :host {
    /* The cards pack tighter when the panel is narrow (a phone), whatever the page layout. */
    container: services / inline-size;
  }
  .tools {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.4rem 0.8rem;
  }
  .filter {
    position: relative;
    display: inline-flex;
    align-items: center;
  }
  input {
    width: 12rem;
    min-height: 2rem;
    padding: 0.25rem 1.9rem 0.25rem 0.6rem;
    font: inherit;
    font-size: 0.82rem;
    color: var(--kite-text);
    background: var(--kite-surface-2);
    border: 1px solid var(--kite-line);
    border-radius: 0;
  }
  input::placeholder {
    color: var(--kite-text-dim);
    opacity: 1;
  }
  input:hover {
    border-color: var(--kite-violet);
  }
  input:focus-visible {
    outline: var(--kite-focus);
    outline-offset: 2px;
    border-color: var(--kite-cyan);
  }
  kbd {
    position: absolute;
    right: 0.45rem;
    padding: 0 0.3rem;
    font: inherit;
    font-size: 0.8rem;
    line-height: 1.3;
    color: var(--kite-text-dim);
    border: 1px solid var(--kite-line);
    pointer-events: none;
  }
  input:focus + kbd,
  input:not(:placeholder-shown) + kbd {
    display: none;
  }
  .cards {
    display: grid;
    grid-template-columns: repeat(auto-fill, minmax(min(100%, 15.5rem), 1fr));
    gap: 0.8rem;
    margin: 0;
    padding: 0;
    list-style: none;
  }
  li {
    min-width: 0;
  }
  .card {
    position: relative;
    display: grid;
    grid-template-columns: auto minmax(0, 1fr);
    grid-template-rows: auto auto 1fr auto;
    grid-template-areas:
      'icon name'
      'icon desc'
      'icon host'
      'icon status';
    column-gap: 0.85rem;
    row-gap: 0.15rem;
    height: 100%;
    padding: 0.85rem 0.95rem;
    color: var(--kite-text);
    text-decoration: none;
    background: rgb(20 19 46 / 0.7);
    border: 1px solid var(--kite-line);
    border-left: 3px solid var(--kite-violet);
    transition:
      border-color 0.15s,
      box-shadow 0.15s,
      transform 0.15s;
  }
  a.card:hover,
  a.card:focus-visible {
    border-color: var(--kite-cyan);
    box-shadow:
      0 0 0 1px var(--kite-cyan),
      0 0 1.2rem rgb(33 230 255 / 0.3);
    transform: translateY(-2px);
  }
  a.card:focus-visible {
    outline: var(--kite-focus);
    outline-offset: 3px;
  }
  .icon {
    grid-area: icon;
    width: 2.6rem;
    height: 2.6rem;
    margin-top: 0.1rem;
  }
  .monogram {
    display: grid;
    place-items: center;
    font-family: var(--kite-font-display);
    font-size: 1.2rem;
    color: var(--kite-magenta);
    border: 1px solid var(--kite-magenta);
  }
  .name {
    grid-area: name;
    margin: 0;
    font-family: var(--kite-font-display);
    font-size: 0.92rem;
    font-weight: 700;
    letter-spacing: 0.06em;
    overflow-wrap: anywhere;
  }
  .desc {
    grid-area: desc;
    margin: 0;
    font-size: 0.8rem;
    color: var(--kite-text-dim);
    overflow-wrap: anywhere;
  }
  .host {
    grid-area: host;
    align-self: end;
    margin-top: 0.35rem;
    font-size: 0.8rem;
    color: var(--kite-cyan);
    /* An address is not broken mid-name; a long one ends in an ellipsis. */
    overflow: hidden;
    white-space: nowrap;
    text-overflow: ellipsis;
  }
  .nolink {
    color: var(--kite-text-dim);
    font-style: italic;
  }
  .status-line {
    grid-area: status;
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.1rem 0.6rem;
    margin: 0.15rem 0 0;
    font-size: 0.8rem;
  }
  .status {
    display: inline-flex;
    align-items: center;
    gap: 0.4em;
    font-weight: 700;
    letter-spacing: 0.08em;
    text-transform: uppercase;
  }
  /* Uptime and response time travel together: when the line wraps, they wrap as one. */
  .figures {
    color: var(--kite-text-dim);
    font-variant-numeric: tabular-nums;
    white-space: nowrap;
  }
  .figure + .figure::before {
    content: '·' / '';
    margin: 0 0.45rem;
  }
  .unit {
    margin-left: 0.3em;
    font-size: 1em;
  }
  .empty {
    margin: 0;
    padding: 0.8rem 0;
    color: var(--kite-text-dim);
  }
  .empty bdi {
    color: var(--kite-text);
  }
  .problems {
    margin: 0.8rem 0 0;
    padding-left: 1.2rem;
    font-size: 0.8rem;
    color: var(--kite-yellow);
  }
  /* A phone: one column of short rows; the address hides (the card is the link). */
  @container services (max-width: 30rem) {
    .tools {
      flex-wrap: nowrap;
      width: 100%;
    }
    .filter {
      flex: 1;
      min-width: 0;
    }
    input {
      width: 100%;
    }
    .cards {
      gap: 0.45rem;
    }
    .card {
      grid-template-rows: auto;
      grid-template-areas:
        'icon name'
        'icon desc'
        'icon status';
      column-gap: 0.7rem;
      row-gap: 0;
      padding: 0.5rem 0.7rem;
    }
    .icon {
      width: 2rem;
      height: 2rem;
      align-self: center;
    }
    .monogram {
      font-size: 1rem;
    }
    .desc {
      overflow: hidden;
      white-space: nowrap;
      text-overflow: ellipsis;
    }
    .host {
      display: none;
    }
  }
`;
