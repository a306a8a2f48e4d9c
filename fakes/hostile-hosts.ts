/**
 * `/api/hosts` answers with peers whose figures are broken in the ways an outside review
 * tried: numbers JSON cannot hold (`1e999` parses as Infinity) in an integer and in a float
 * field, nulls, missing objects, strings where numbers belong, and entries that are not
 * even objects. The API's own check refuses most of them; the page must survive them anyway,
 * each drawn on its own without touching the good hosts beside it.
 *
 * Plain data, no Node imports: the page's happy-dom tests and the Chromium suite share it.
 */

/** A host's metrics as the API sends them, `cpu` moving with `tick` so updates show. */
export function goodMetrics(
  name: string,
  tick: number,
  sampledAt: string,
): Record<string, unknown> {
  return {
    sampled_at: sampledAt,
    host: {
      hostname: name,
      os: 'Debian GNU/Linux 12',
      kernel: '6.1.0',
      uptime_s: 90_000,
      boot_time: sampledAt,
    },
    cpu: {
      model: 'Test CPU',
      cores: 4,
      percent: 10 + (tick % 50),
      per_core_percent: [10, 20],
      load_avg: [0.5, 0.6, 0.7],
      temperature_c: null,
    },
    memory: {
      total_bytes: 8 * 1024 ** 3,
      available_bytes: 4 * 1024 ** 3,
      used_bytes: 4 * 1024 ** 3,
      percent: 50,
      swap_total_bytes: 0,
      swap_used_bytes: 0,
    },
    disks: [
      {
        mount: '/',
        fs_type: 'ext4',
        total_bytes: 100,
        used_bytes: 40,
        free_bytes: 60,
        percent: 40,
      },
    ],
    network: {
      rx_bytes_per_s: 1024,
      tx_bytes_per_s: 2048,
      rx_total_bytes: 1_000_000,
      tx_total_bytes: 2_000_000,
      interfaces: [],
    },
    processes: { total: 100 + tick, running: 1 },
  };
}

/** Stands for a number JSON.parse reads as Infinity (written as 1e999 in the answer's text). */
const INFINITE = '\u0000inf\u0000';

export interface HostileCase {
  /** The peer's name, and what is wrong with it. */
  name: string;
  /** What the page should show for that host: its figures with dashes, or nothing readable. */
  expect: 'dashes' | 'unreadable' | 'left out';
  entry: (sampledAt: string) => unknown;
}

function peer(name: string, metrics: unknown, sampledAt: string): Record<string, unknown> {
  return { name, self: false, reachable: true, stale: false, fetched_at: sampledAt, metrics };
}

/** Metrics whose fields a case may set to anything at all: that is the point of the case. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Anything = Record<string, any>;

function broken(name: string, sampledAt: string, change: (m: Anything) => void) {
  const metrics = goodMetrics(name, 0, sampledAt) as Anything;
  change(metrics);
  return peer(name, metrics, sampledAt);
}

export const HOSTILE_CASES: readonly HostileCase[] = [
  {
    name: 'inf-integer',
    expect: 'dashes',
    entry: (at) => broken('inf-integer', at, (m) => (m.processes.total = INFINITE)),
  },
  {
    name: 'inf-float',
    expect: 'dashes',
    entry: (at) =>
      broken('inf-float', at, (m) => {
        m.cpu.load_avg = [INFINITE, 0.5, 0.5];
        m.cpu.percent = INFINITE;
      }),
  },
  {
    name: 'nulls',
    expect: 'dashes',
    entry: (at) =>
      broken('nulls', at, (m) => {
        m.cpu.percent = null;
        m.cpu.load_avg = [null, null, null];
        m.memory.percent = null;
        m.memory.swap_total_bytes = null;
        m.network.rx_bytes_per_s = null;
        m.disks = [{ mount: null, percent: null, total_bytes: null, used_bytes: null }];
        m.processes = null;
      }),
  },
  {
    name: 'missing-objects',
    expect: 'unreadable',
    entry: (at) => peer('missing-objects', { sampled_at: at, host: { hostname: 'x' } }, at),
  },
  {
    name: 'strings',
    expect: 'dashes',
    entry: (at) =>
      broken('strings', at, (m) => {
        m.cpu.percent = '12';
        m.cpu.load_avg = '1 2 3';
        m.cpu.cores = 'four';
        m.memory.total_bytes = 'lots';
        m.disks = 'none';
        m.host.uptime_s = '1d';
      }),
  },
  {
    name: 'wrong-shapes',
    expect: 'unreadable',
    entry: () => ({
      name: 'wrong-shapes',
      self: 'yes',
      reachable: 1,
      stale: 'no',
      fetched_at: 17,
      metrics: 'garbage',
      error: 42,
    }),
  },
  { name: 'not-an-object', expect: 'left out', entry: () => null },
];

/**
 * The `/api/hosts` answer as text: the good hosts around the hostile ones (`cases`), with
 * `1e999` written where a number JSON cannot hold belongs.
 */
export function hostsAnswerText(
  good: readonly { name: string; self?: boolean }[],
  cases: readonly HostileCase[],
  tick: number,
  sampledAt: string,
): string {
  const hosts = [
    ...good.map((host) => ({
      ...peer(host.name, goodMetrics(host.name, tick, sampledAt), sampledAt),
      self: host.self === true,
    })),
    ...cases.map((hostile) => hostile.entry(sampledAt)),
  ];
  return JSON.stringify({ hosts }).replaceAll(JSON.stringify(INFINITE), '1e999');
}
