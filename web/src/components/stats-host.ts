/**
 * One host's block in the stats panel: a one-line summary for phones (name, state, CPU,
 * memory, disk; a tap opens the rest), its name (isolated: it is the operator's text), the
 * "served by" mark for the host that answered the page, its state, and four tiles: CPU,
 * memory, network, disks.
 *
 * Everything drawn comes through `readFigures`, so a figure the host got wrong is "—" and
 * a host whose answer cannot be read at all says so, without touching any other host.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { HostEntry } from '../api/types.js';
import { formatAge, formatClock, formatUptime } from '../format.js';
import { hostState, hostVersion, stateWord, type HostState } from './host-state.js';
import { readFigures, type HostFigures } from './host-figures.js';
import { tiles } from './stats-tiles.js';
import type { Sample } from './stats-history.js';
import { dash, percent } from './stats-format.js';

export interface HostView {
  host: HostEntry;
  history: readonly Sample[];
  spanMs: number;
  now: number;
  /** Its place in the list: names the parts the phone's summary row opens. */
  index: number;
  /** Phones: whether the visitor opened this host's figures. */
  open: boolean;
  toggle: () => void;
}

export function hostBlock(view: HostView): TemplateResult {
  const { host, index } = view;
  const figures = readFigures(host.metrics);
  const state = hostState(host, figures);
  const classes = ['host', host.self ? 'self' : '', state, view.open ? 'open' : '']
    .filter(Boolean)
    .join(' ');
  const body = `host-body-${index}`;
  return html`<article class=${classes} data-host=${host.name} aria-label=${`Host ${host.name}`}>
    <button
      type="button"
      class="host-row"
      aria-expanded=${view.open ? 'true' : 'false'}
      aria-controls=${body}
      @click=${view.toggle}
    >
      <bdi class="row-name">${host.name}</bdi>
      <span class="row-state ${state}"
        ><span class="shape" aria-hidden="true"></span>${stateWord(state)}</span
      >
      <span class="row-figs">${rowFigures(figures)}</span>
    </button>
    <div class="host-top">
      <div class="host-head">
        <h3><bdi>${host.name}</bdi></h3>
        ${host.self ? html`<span class="badge served">served by</span>` : nothing} ${badge(state)}
        ${meta(figures, hostVersion(host, figures))}
      </div>
      ${notice(host, state, view.now)}
    </div>
    <div class="host-body" id=${body}>${content(view, figures, state)}</div>
  </article>`;
}

function content(view: HostView, figures: HostFigures | null, state: HostState) {
  if (figures)
    return html`<div class=${state === 'live' ? 'tiles' : 'tiles dimmed'}>
      ${tiles(figures, view.history, view.spanMs)}
    </div>`;
  if (view.host.metrics !== null && view.host.metrics !== undefined)
    return html`<p class="empty unreadable">
      <strong>Unreadable figures</strong> — this host's answer has none of CPU, memory or network in
      a form the page can read.
    </p>`;
  return html`<p class="empty">No figures from this host yet.</p>`;
}

/** "CPU 12% · mem 38% · disk 91%": the phone's summary, the fullest disk standing for all. */
function rowFigures(figures: HostFigures | null) {
  if (!figures) return html`<span>no figures</span>`;
  const disks = figures.disks.map((disk) => disk.percent).filter((value) => value !== null);
  const fullest = disks.length ? Math.max(...disks) : null;
  return html`<span>CPU ${percent(figures.cpu.percent)}</span>
    <span>mem ${percent(figures.memory.percent)}</span>
    <span>disk ${percent(fullest)}</span>`;
}

function badge(state: HostState) {
  if (state === 'down')
    return html`<span class="badge down"><span aria-hidden="true">▲</span> unreachable</span>`;
  if (state === 'incompatible')
    return html`<span class="badge down"><span aria-hidden="true">▲</span> incompatible</span>`;
  if (state === 'unreadable')
    return html`<span class="badge down"><span aria-hidden="true">▲</span> unreadable</span>`;
  return nothing;
}

function meta(figures: HostFigures | null, version: string | null) {
  const parts: unknown[] = [];
  if (figures) {
    if (figures.os !== null) parts.push(html`<bdi>${figures.os}</bdi>`);
    parts.push(`up ${figures.uptimeS === null ? dash : formatUptime(figures.uptimeS)}`);
    parts.push(`${figures.processes === null ? dash : Math.round(figures.processes)} processes`);
  }
  if (version !== null) parts.push(html`<span class="version">v<bdi>${version}</bdi></span>`);
  if (parts.length === 0) return nothing;
  return html`<span class="meta">${parts.map((part, i) => (i ? html` · ${part}` : part))}</span>`;
}

/**
 * Why a host's figures may be old or missing. "Since" is the last good reading the serving
 * API got: the peer went away (or stopped being readable) after it.
 */
function notice(host: HostEntry, state: HostState, now: number) {
  if (state === 'live' || state === 'unreadable') return nothing;
  if (state === 'connecting')
    return html`<p class="host-notice">Connecting — asking for its first figures…</p>`;
  const last = typeof host.fetched_at === 'string' ? Date.parse(host.fetched_at) : NaN;
  const when = Number.isFinite(last)
    ? html`since <time datetime=${host.fetched_at ?? ''}>${formatClock(last)}</time> (last good
        reading, ${formatAge(Math.max(0, now - last))} ago)`
    : html`— no reading yet`;
  const why = typeof host.error?.message === 'string' ? host.error.message : null;
  const version = hostVersion(host, null);
  const title =
    state === 'incompatible'
      ? html`Incompatible version${version === null ? nothing : html` (<bdi>${version}</bdi>)`}`
      : state === 'down'
        ? 'Unreachable'
        : 'Stale';
  return html`<p class="host-notice">
    <strong>${title}</strong> ${when}${why ? html` — <bdi class="why">${why}</bdi>` : nothing}
  </p>`;
}
