/**
 * Styles every panel shares: the notched neon frame, headings, the loading skeleton, the
 * stale and error notices, focus rings and the reduced-motion switch (global CSS does not
 * reach into shadow roots, so each component includes these).
 */
import { css } from 'lit';

export const baseStyles = css`
  :host {
    display: block;
    min-width: 0;
  }
  :host([hidden]) {
    display: none;
  }
  * {
    box-sizing: border-box;
  }
  a {
    color: var(--kite-cyan);
  }
  a:focus-visible,
  button:focus-visible {
    outline: var(--kite-focus);
    outline-offset: 3px;
  }
  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }
  @media (prefers-reduced-motion: reduce) {
    *,
    *::before,
    *::after,
    :host {
      animation: none !important;
      transition: none !important;
    }
  }
`;

export const panelStyles = css`
  .panel {
    position: relative;
    height: 100%;
    padding: clamp(0.9rem, 1.4vw, 1.4rem);
    background:
      linear-gradient(135deg, rgb(255 79 216 / 0.07), transparent 40%), var(--kite-surface);
    border: 1px solid var(--kite-line);
    /* The cut corner is drawn by the frame below; the notch is the cyberpunk signature. */
    clip-path: polygon(
      0 0,
      calc(100% - var(--kite-notch)) 0,
      100% var(--kite-notch),
      100% 100%,
      var(--kite-notch) 100%,
      0 calc(100% - var(--kite-notch))
    );
  }
  .panel::before {
    content: '';
    position: absolute;
    inset: 0 auto auto 0;
    width: 3.5rem;
    height: 2px;
    background: var(--kite-cyan);
    box-shadow: var(--kite-glow-cyan);
  }
  .panel-head {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    justify-content: space-between;
    gap: 0.25rem 1rem;
    margin-bottom: 0.9rem;
  }
  h2 {
    margin: 0;
    font-family: var(--kite-font-display);
    font-size: 0.95rem;
    font-weight: 700;
    letter-spacing: 0.14em;
    text-transform: uppercase;
    color: var(--kite-cyan);
    text-shadow: var(--kite-glow-cyan);
  }
  h2::before {
    content: '// ';
    color: var(--kite-magenta);
    text-shadow: none;
  }
  .meta {
    font-size: 0.8rem;
    color: var(--kite-text-dim);
  }
  .skeleton {
    display: grid;
    gap: 0.6rem;
  }
  .skeleton span {
    display: block;
    height: 1.1rem;
    border-radius: 2px;
    background: linear-gradient(
      90deg,
      var(--kite-surface-2) 0%,
      #24224d 50%,
      var(--kite-surface-2) 100%
    );
    background-size: 200% 100%;
    animation: kite-shimmer 1.4s linear infinite;
  }
  .skeleton span:nth-child(2n) {
    width: 70%;
  }
  @keyframes kite-shimmer {
    from {
      background-position: 100% 0;
    }
    to {
      background-position: -100% 0;
    }
  }
  /* The age of data within its freshness rule: said, not sounded as an alarm. */
  .age-note {
    margin: 0 0 0.6rem;
    font-size: 0.8rem;
    color: var(--kite-text-dim);
  }
  .notice,
  .problem {
    margin: 0 0 0.8rem;
    padding: 0.45rem 0.7rem;
    font-size: 0.82rem;
    border-left: 3px solid var(--kite-yellow);
    background: rgb(255 228 92 / 0.07);
    color: var(--kite-yellow);
  }
  .problem {
    border-left-color: var(--kite-red);
    background: rgb(255 107 129 / 0.08);
    color: var(--kite-text);
  }
  .problem strong {
    color: var(--kite-red);
    letter-spacing: 0.08em;
    text-transform: uppercase;
  }
  /* Old values stay readable (AA) while looking out of date. */
  .dimmed {
    opacity: 0.75;
    filter: saturate(0.4);
  }
`;
