/**
 * `/api/metrics`: the host's figures, as served to the page, scripts and Conky.
 *
 * Peers on other versions read these too, so every field added from now on is optional
 * (`Type.Optional`): an older peer's answer, which lacks it, stays valid, and a newer one's
 * extra fields are dropped by the peer check.
 */
import { Type, type Static } from 'typebox';
import { Timestamp } from './common.js';

const Bytes = Type.Number({ minimum: 0 });
const Percent = Type.Number({ minimum: 0, maximum: 100 });

export const HostInfo = Type.Object(
  {
    hostname: Type.String(),
    os: Type.String(),
    kernel: Type.String(),
    uptime_s: Type.Number({
      minimum: 0,
      description: "Seconds since the host booted (the host's, not the API process's).",
    }),
    boot_time: Timestamp,
    name: Type.Optional(
      Type.String({
        description: 'HOST_NAME, or the hostname when unset; older portals do not send it.',
      }),
    ),
  },
  { additionalProperties: false },
);

export const CpuInfo = Type.Object(
  {
    model: Type.String(),
    cores: Type.Integer({ minimum: 1 }),
    percent: Type.Number({
      minimum: 0,
      maximum: 100,
      description: 'Busy share of all cores over the last sampling window, 0–100.',
    }),
    per_core_percent: Type.Array(Percent),
    load_avg: Type.Array(Type.Number({ minimum: 0 }), { minItems: 3, maxItems: 3 }),
    temperature_c: Type.Union([Type.Number(), Type.Null()]),
  },
  { additionalProperties: false },
);

export const MemoryInfo = Type.Object(
  {
    total_bytes: Bytes,
    available_bytes: Bytes,
    used_bytes: Bytes,
    percent: Percent,
    swap_total_bytes: Bytes,
    swap_used_bytes: Bytes,
  },
  { additionalProperties: false },
);

export const DiskInfo = Type.Object(
  {
    mount: Type.String(),
    fs_type: Type.String(),
    total_bytes: Bytes,
    used_bytes: Bytes,
    free_bytes: Bytes,
    percent: Percent,
  },
  { additionalProperties: false },
);

export const InterfaceRates = Type.Object(
  {
    name: Type.String(),
    rx_bytes_per_s: Bytes,
    tx_bytes_per_s: Bytes,
  },
  { additionalProperties: false },
);

export const NetworkInfo = Type.Object(
  {
    rx_bytes_per_s: Bytes,
    tx_bytes_per_s: Bytes,
    rx_total_bytes: Bytes,
    tx_total_bytes: Bytes,
    interfaces: Type.Array(InterfaceRates),
  },
  { additionalProperties: false },
);

export const ProcessInfo = Type.Object(
  {
    total: Type.Integer({ minimum: 0, description: 'Processes on the host (not threads).' }),
    running: Type.Integer({
      minimum: 0,
      description: 'Runnable threads right now (procs_running in /proc/stat), not processes.',
    }),
  },
  { additionalProperties: false },
);

export const Metrics = Type.Object(
  {
    host: HostInfo,
    cpu: CpuInfo,
    memory: MemoryInfo,
    disks: Type.Array(DiskInfo),
    network: NetworkInfo,
    processes: ProcessInfo,
    sampled_at: Type.String({
      format: 'date-time',
      description:
        'When the host was read; unless `stale`, at most METRICS_INTERVAL_S plus the reading time ago.',
    }),
    stale: Type.Boolean({
      description:
        'True when the sampler cannot read the host and these are the last good figures.',
    }),
    version: Type.Optional(
      Type.String({
        description:
          "The portal's version, as /api/health reports it; older portals do not send it.",
      }),
    ),
  },
  { additionalProperties: false },
);

export type HostInfo = Static<typeof HostInfo>;
export type CpuInfo = Static<typeof CpuInfo>;
export type MemoryInfo = Static<typeof MemoryInfo>;
export type DiskInfo = Static<typeof DiskInfo>;
export type InterfaceRates = Static<typeof InterfaceRates>;
export type NetworkInfo = Static<typeof NetworkInfo>;
export type ProcessInfo = Static<typeof ProcessInfo>;
export type Metrics = Static<typeof Metrics>;
