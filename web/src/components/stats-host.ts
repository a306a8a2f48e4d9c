/**
 * One host's block in the stats panel: its name (isolated: it is the operator's text), the
 * "served by" mark for the host that answered the page, reachability, and four tiles:
 * CPU, memory, network, disks.
 */
import { html, nothing, type TemplateResult } from 'lit';
import type { DiskInfo, HostEntry, Metrics } from '../api/types.js';
import {
  formatAge,
  formatBytes,
  formatClock,
  formatPercent,
  formatRate,
  formatUptime,
} from '../format.js';
import { cssVars } from './css-vars.js';
import { PERCENT_SCALE, rateScale, sparkline } from './sparkline.js';
import type { Sample } from './stats-history.js';

export interface HostView {
  host: HostEntry;
  history: readonly Sample[];
  spanMs: number;
  now: number;
}

/** The API's word for a peer it has not had an answer from yet (it is being asked). */
const PEER_PENDING = 'peer_pending';

const isPending = (host: HostEntry): boolean =>
  !host.reachable && host.metrics === null && host.error?.code === PEER_PENDING;

export function hostBlock({ host, history, spanMs, now }: HostView): TemplateResult {
  const m = host.metrics;
  const down = !host.reachable && !isPending(host);
  const classes = ['host', host.self ? 'self' : '', down ? 'down' : host.stale ? 'stale' : '']
    .filter(Boolean)
    .join(' ');
  return html`<article class=${classes} data-host=${host.name} aria-label=${`Host ${host.name}`}>
    <div class="host-head">
      <h3><bdi>${host.name}</bdi></h3>
      ${host.self ? html`<span class="badge served">served by</span>` : nothing}
      ${down ? html`<span class="badge down"><span aria-hidden="true">▲</span> unreachable</span>` : nothing}
      ${
        m
          ? html`<span class="meta"
              ><bdi>${m.host.os}</bdi> · up ${formatUptime(m.host.uptime_s)} · ${m.processes.total}
              processes</span
            >`
          : nothing
      }
    </div>
    ${peerNotice(host, now)}
    ${
      m
        ? html`<div class=${down || host.stale ? 'tiles dimmed' : 'tiles'}>
            ${tiles(m, history, spanMs)}
          </div>`
        : html`<p class="empty">No figures from this host yet.</p>`
    }
  </article>`;
}

/**
 * Why a peer's figures may be old. "Since" is the last good reading the serving API got:
 * the peer went away after it, and no later reading is known.
 */
function peerNotice(host: HostEntry, now: number): TemplateResult | typeof nothing {
  if (host.reachable && !host.stale) return nothing;
  if (isPending(host))
    return html`<p class="host-notice">Connecting — asking for its first figures…</p>`;
  const last = host.fetched_at === null ? NaN : Date.parse(host.fetched_at);
  const when = Number.isFinite(last)
    ? html`since <time datetime=${host.fetched_at ?? ''}>${formatClock(last)}</time> (last good
        reading, ${formatAge(Math.max(0, now - last))} ago)`
    : html`— no reading yet`;
  const why = host.error?.message;
  return html`<p class="host-notice">
    <strong>${host.reachable ? 'Stale' : 'Unreachable'}</strong> ${when}${
      why ? html` — <bdi class="why">${why}</bdi>` : nothing
    }
  </p>`;
}

function tiles(m: Metrics, history: readonly Sample[], spanMs: number): TemplateResult {
  const load = m.cpu.load_avg.map((value) => value.toFixed(2)).join(' ');
  const rx = history.map((s) => ({ at: s.at, value: s.rx }));
  const tx = history.map((s) => ({ at: s.at, value: s.tx }));
  const network = rateScale([...rx, ...tx].map((point) => point.value));
  const swap = m.memory.swap_total_bytes > 0;
  return html`<div class="tile cpu">
      <h4>CPU</h4>
      <span class="value" data-metric="cpu">${formatPercent(m.cpu.percent)}</span>
      ${sparkline([{ points: history.map((s) => ({ at: s.at, value: s.cpu })) }], PERCENT_SCALE, spanMs)}
      <p class="sub">
        <span>${m.cpu.cores} cores</span> <span>load ${load}</span>
        ${m.cpu.temperature_c === null ? nothing : html`<span>${Math.round(m.cpu.temperature_c)}°C</span>`}
      </p>
    </div>
    <div class="tile mem">
      <h4>Memory</h4>
      <span class="value" data-metric="memory">${formatPercent(m.memory.percent)}</span>
      ${meter(m.memory.percent)}
      <p class="sub">
        <span>${formatBytes(m.memory.used_bytes)} of ${formatBytes(m.memory.total_bytes)}</span>
      </p>
      ${
        swap
          ? html`${meter((m.memory.swap_used_bytes / m.memory.swap_total_bytes) * 100, 'swap')}
              <p class="sub">
                <span
                  >swap ${formatBytes(m.memory.swap_used_bytes)} of
                  ${formatBytes(m.memory.swap_total_bytes)}</span
                >
              </p>`
          : nothing
      }
    </div>
    <div class="tile net">
      <h4>Network</h4>
      <span class="value small" data-metric="network"
        ><span class="rx"
          ><span aria-hidden="true">▼</span
          ><span class="sr-only">in</span> ${formatRate(m.network.rx_bytes_per_s)}</span
        >
        <span class="tx"
          ><span aria-hidden="true">▲</span
          ><span class="sr-only">out</span> ${formatRate(m.network.tx_bytes_per_s)}</span
        ></span
      >
      ${sparkline([{ points: rx }, { points: tx }], network, spanMs)}
      <p class="sub">
        <span>total ${formatBytes(m.network.rx_total_bytes)} in</span>
        <span>${formatBytes(m.network.tx_total_bytes)} out</span>
      </p>
    </div>
    <div class="tile disks">
      <h4>Disks</h4>
      ${
        m.disks.length
          ? html`<ul>
              ${m.disks.map(disk)}
            </ul>`
          : html`<p class="sub">none reported</p>`
      }
    </div>`;
}

function disk(d: DiskInfo): TemplateResult {
  return html`<li>
    <div class="disk-line">
      <span
        ><bdi class="mount">${d.mount}</bdi>
        <span class="pct">${formatPercent(d.percent)}</span></span
      >
      <span class="size">${formatBytes(d.used_bytes)} / ${formatBytes(d.total_bytes)}</span>
    </div>
    ${meter(d.percent)}
  </li>`;
}

/** A 0–100 % bar; red from 90 %. Decorative: the figure beside it says the same. */
function meter(percent: number, kind = ''): TemplateResult {
  const fill = Math.max(0, Math.min(1, percent / 100));
  const classes = ['bar', kind, percent >= 90 ? 'hot' : ''].filter(Boolean).join(' ');
  return html`<div class=${classes} aria-hidden="true">
    <span ${cssVars({ '--fill': fill })}></span>
  </div>`;
}
