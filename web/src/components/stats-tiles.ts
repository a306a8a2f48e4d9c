/** A host's four tiles (CPU, memory, network, disks), drawn from figures that may have gaps. */
import { html, nothing, type TemplateResult } from 'lit';
import { cssVars } from './css-vars.js';
import type { DiskFigures, HostFigures } from './host-figures.js';
import { PERCENT_SCALE, rateScale, sparkline } from './sparkline.js';
import { bytes, dash, percent, rate } from './stats-format.js';
import type { Sample } from './stats-history.js';

export function tiles(f: HostFigures, history: readonly Sample[], spanMs: number): TemplateResult {
  const load = f.cpu.load.length
    ? f.cpu.load.map((value) => (value === null ? dash : value.toFixed(2))).join(' ')
    : dash;
  const rx = history.map((s) => ({ at: s.at, value: s.rx }));
  const tx = history.map((s) => ({ at: s.at, value: s.tx }));
  const network = rateScale([...rx, ...tx].map((point) => point.value));
  const { swapUsed, swapTotal } = f.memory;
  const swap = swapTotal !== null && swapTotal > 0;
  return html`<div class="tile cpu">
      <h4>CPU</h4>
      <span class="value" data-metric="cpu">${percent(f.cpu.percent)}</span>
      ${sparkline([{ points: history.map((s) => ({ at: s.at, value: s.cpu })) }], PERCENT_SCALE, spanMs)}
      <p class="sub">
        <span>${f.cpu.cores === null ? dash : Math.round(f.cpu.cores)} cores</span>
        <span>load ${load}</span>
        ${f.cpu.temperature === null ? nothing : html`<span>${Math.round(f.cpu.temperature)}°C</span>`}
      </p>
    </div>
    <div class="tile mem">
      <h4>Memory</h4>
      <span class="value" data-metric="memory">${percent(f.memory.percent)}</span>
      ${meter(f.memory.percent)}
      <p class="sub">
        <span>${bytes(f.memory.used)} of ${bytes(f.memory.total)}</span>
      </p>
      ${
        swap
          ? html`${meter(swapUsed === null ? null : (swapUsed / swapTotal) * 100, 'swap')}
              <p class="sub">
                <span>swap ${bytes(swapUsed)} of ${bytes(swapTotal)}</span>
              </p>`
          : nothing
      }
    </div>
    <div class="tile net">
      <h4>Network</h4>
      <span class="value small" data-metric="network"
        ><span class="rx"
          ><span aria-hidden="true">▼</span
          ><span class="sr-only">in</span> ${rate(f.network.rx)}</span
        >
        <span class="tx"
          ><span aria-hidden="true">▲</span
          ><span class="sr-only">out</span> ${rate(f.network.tx)}</span
        ></span
      >
      ${sparkline([{ points: rx }, { points: tx }], network, spanMs)}
      <p class="sub">
        <span>total ${bytes(f.network.rxTotal)} in</span>
        <span>${bytes(f.network.txTotal)} out</span>
      </p>
    </div>
    <div class="tile disks">
      <h4>Disks</h4>
      ${
        f.disks.length
          ? html`<ul>
              ${f.disks.map(disk)}
            </ul>`
          : html`<p class="sub">none reported</p>`
      }
    </div>`;
}

function disk(d: DiskFigures): TemplateResult {
  return html`<li>
    <div class="disk-line">
      <span
        ><bdi class="mount">${d.mount}</bdi> <span class="pct">${percent(d.percent)}</span></span
      >
      <span class="size">${bytes(d.used)} / ${bytes(d.total)}</span>
    </div>
    ${meter(d.percent)}
  </li>`;
}

/** A 0–100 % bar; red from 90 %. Decorative: the figure beside it says the same. */
function meter(value: number | null, kind = ''): TemplateResult {
  const fill =
    value === null || !Number.isFinite(value) ? 0 : Math.max(0, Math.min(1, value / 100));
  const classes = ['bar', kind, value !== null && value >= 90 ? 'hot' : '']
    .filter(Boolean)
    .join(' ');
  return html`<div class=${classes} aria-hidden="true">
    <span ${cssVars({ '--fill': fill })}></span>
  </div>`;
}
