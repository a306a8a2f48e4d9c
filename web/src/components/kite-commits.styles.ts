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
    min-width: 0;
    padding: 0.55rem 0;
    border-bottom: 1px dashed var(--kite-line);
  }
  /*
   * Two lines per row, always: the message (at most two lines), then the byline. Each line
   * is at least 24 px tall, so the stacked links keep the WCAG 2.2 target spacing.
   */
  .message {
    display: -webkit-box;
    -webkit-box-orient: vertical;
    -webkit-line-clamp: 2;
    line-clamp: 2;
    overflow: hidden;
    margin: 0;
    font-size: 0.88rem;
    line-height: max(1.5em, 24px);
    color: var(--kite-text);
    overflow-wrap: anywhere;
  }
  /*
   * The byline is one line whatever the names: the repository and the author give way
   * (ellipsis) before the short id and the age do.
   */
  .byline {
    display: flex;
    align-items: baseline;
    margin: 0.1rem 0 0;
    font-size: 0.8rem;
    line-height: max(1.5em, 24px);
    color: var(--kite-text-dim);
    white-space: nowrap;
  }
  .repo,
  .author {
    overflow: hidden;
    text-overflow: ellipsis;
  }
  /*
   * The repository gives way first (its shrink weight dwarfs the author's); the author
   * keeps about 16 characters (after its dot) until the repository is down to its minimum,
   * then gives way too, as on the narrowest phones.
   */
  .repo {
    flex: 0 1000 auto;
    min-width: 6ch;
  }
  .author {
    flex: 0 1 auto;
    min-width: 6ch;
    max-width: 19ch;
  }
  .sha,
  time {
    flex: none;
  }
  /*
   * Links are the only thing in this list that is not plain text, so they are told apart by
   * place and weight, not colour alone; the underline comes on hover and focus.
   */
  a {
    text-decoration: none;
    text-underline-offset: 0.2em;
    text-decoration-thickness: 1px;
  }
  a:hover,
  a:focus-visible {
    text-decoration-line: underline;
  }
  .message a {
    color: var(--kite-text);
    font-weight: 700;
  }
  /*
   * Both links sit in boxes that clip their overflow (the two-line clamp, the repository's
   * ellipsis): their focus ring is drawn inside the link, so it shows whole.
   */
  .message a:focus-visible,
  .repo a:focus-visible {
    outline-width: 2px;
    outline-offset: -2px;
  }
  .message a:hover {
    color: var(--kite-cyan);
  }
  .repo,
  .repo a {
    color: var(--kite-magenta);
  }
  /* A block link fills the 24 px line: the whole line is its target. */
  .repo a {
    display: block;
    overflow: hidden;
    text-overflow: ellipsis;
  }
  .sha {
    font: inherit;
    color: var(--kite-yellow);
  }
  /* "repo · id · author · age": the dots are drawn, not text (a screen reader hears four parts). */
  .byline > :not(:first-child)::before {
    content: '·' / '';
    margin: 0 0.5em;
    color: var(--kite-text-dim);
  }
  .empty {
    margin: 0;
    color: var(--kite-text-dim);
  }
`;
