/**
 * One generator process of the spike: the visitors whose number modulo `generators` is
 * `index`, each behaving as the page does (web/src/controllers): load the page and its
 * assets, ask every source once, open the stream; when the stream is refused, poll with the
 * page's jitter and retry the stream with its backoff, until the session ends. Prints one
 * JSON summary on stdout at the end. Loopback only; bounded by the visitor count and time.
 *
 *   tsx test/bench/spike/crowd.ts '<JSON CrowdPlan>'
 */
import http from 'node:http';
import { backoffDelay, pollDelay, STREAM_RETRY } from '../../../web/src/controllers/backoff.js';
import {
  HEARTBEAT,
  SOURCE_NAMES,
  SOURCES,
  STREAM_PATH,
  STREAM_URL,
} from '../../../web/src/controllers/sources.js';
import { record } from './histogram.js';
import { emptyReport, type CrowdPlan, type FailureKind } from './report.js';

const REQUEST_TIMEOUT_MS = 10_000;

const plan = JSON.parse(process.argv[2] ?? '{}') as CrowdPlan;
const report = emptyReport();
const target = new URL(plan.target);

function fail(path: string, kind: FailureKind): void {
  const byKind = (report.failures[path] ??= {});
  byKind[kind] = (byKind[kind] ?? 0) + 1;
}

/** The path as reported: hashed assets and icons as one row each. */
function label(path: string): string {
  if (path.startsWith('/assets/')) return '/assets/*';
  if (path.startsWith('/icons/')) return '/icons/*';
  return path;
}

class Visitor {
  readonly agent: http.Agent;
  readonly address: string;
  ok = true;
  everStreamed = false;
  private stream: http.ClientRequest | null = null;
  private timers = new Set<NodeJS.Timeout>();
  private ended = false;

  constructor(readonly id: number) {
    // A browser's connections to one host: two for the page's requests (kept alive, the
    // idle one closed after 10 s), the stream on its own.
    this.agent = new http.Agent({ keepAlive: true, maxSockets: 2, timeout: 10_000 });
    this.address = `10.${(id >> 16) & 255}.${(id >> 8) & 255}.${id & 255}`;
  }

  get(path: string, retry = true): Promise<number> {
    const row = label(path);
    if (retry) report.requests[row] = (report.requests[row] ?? 0) + 1;
    const started = performance.now();
    return new Promise((resolve) => {
      let settled = false;
      const done = (status: number, kind?: FailureKind) => {
        if (settled) return;
        settled = true;
        if (kind) {
          fail(row, kind);
          this.ok = false;
        } else record((report.latency[row] ??= {}), performance.now() - started);
        resolve(status);
      };
      const request = http.get(
        {
          host: target.hostname,
          port: target.port,
          path,
          agent: this.agent,
          localAddress: plan.localAddress,
          headers: { 'cf-connecting-ip': this.address, 'accept-encoding': 'gzip' },
        },
        (response) => {
          response.on('data', () => {});
          response.on('end', () => {
            const status = response.statusCode ?? 0;
            done(status, kindOf(status));
          });
          response.on('error', () => done(0, 'socket'));
        },
      );
      request.setTimeout(REQUEST_TIMEOUT_MS, () => {
        done(0, 'timeout');
        request.destroy();
      });
      request.on('error', () => {
        // A kept-alive connection the server closed just as the request went out: browsers
        // send the GET again on a new one, unseen by the page; so does the model, once.
        if (retry && !settled && request.reusedSocket) {
          settled = true;
          void this.get(path, false).then(resolve);
        } else done(0, 'socket');
      });
    });
  }

  later(ms: number, run: () => void): void {
    if (this.ended) return;
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      if (!this.ended) run();
    }, ms);
    this.timers.add(timer);
  }

  /** The whole visit: browsing until the session ends, however far the page load got. */
  async visit(): Promise<void> {
    report.visitors += 1;
    const leaveAt = Date.now() + plan.sessionMs;
    const over = new Promise<void>((resolve) =>
      this.later(plan.sessionMs, () => {
        this.leave();
        resolve();
      }),
    );
    void this.browse(leaveAt);
    await over;
    if (!this.everStreamed) report.pollingVisitors += 1;
  }

  private async browse(leaveAt: number): Promise<void> {
    const [document, ...assets] = plan.pagePaths;
    if (document) await this.get(document);
    await Promise.all(assets.map((path) => this.get(path)));
    // The page's first asks, then the stream (live-controller: _start).
    const configured = new Set<string>();
    await Promise.all(
      SOURCE_NAMES.map(async (name) => {
        const status = await this.get(SOURCES[name].path);
        if (status === 200) configured.add(name);
      }),
    );
    let streamFailures = 0;
    let polling = false;
    // Each spell of polling has its own chain of timers; a stream that opens ends it.
    let spell = 0;
    const poll = (name: (typeof SOURCE_NAMES)[number], mine = spell) => {
      if (!polling || mine !== spell) return;
      void this.get(SOURCES[name].path).then(() =>
        this.later(pollDelay(SOURCES[name].pollMs), () => poll(name, mine)),
      );
    };
    const openStream = () => {
      this.openStream(
        () => {
          polling = false;
          this.everStreamed = true;
          streamFailures = 0;
        },
        () => {
          streamFailures += 1;
          if (!polling) {
            polling = true;
            spell += 1;
            // A heartbeat poll at once, the others at their period (live-controller: _streamLost).
            poll(HEARTBEAT);
            for (const name of SOURCE_NAMES)
              if (name !== HEARTBEAT && configured.has(name))
                this.later(pollDelay(SOURCES[name].pollMs), () => poll(name));
          }
          const delay = backoffDelay(streamFailures, STREAM_RETRY);
          if (Date.now() + delay < leaveAt) this.later(delay, openStream);
        },
      );
    };
    openStream();
  }

  private openStream(onOpen: () => void, onLost: () => void): void {
    report.requests[STREAM_PATH] = (report.requests[STREAM_PATH] ?? 0) + 1;
    const started = performance.now();
    let lastEventAt = 0;
    const request = http.get({
      host: target.hostname,
      port: target.port,
      path: STREAM_URL,
      agent: false,
      localAddress: plan.localAddress,
      headers: { 'cf-connecting-ip': this.address, accept: 'text/event-stream' },
    });
    this.stream = request;
    let lost = false;
    const lose = (kind: FailureKind | null) => {
      if (lost || this.ended) return;
      lost = true;
      if (kind === 'refused') report.streamRefusals += 1;
      else if (kind) {
        fail(STREAM_PATH, kind);
        this.ok = false;
      }
      request.destroy();
      onLost();
    };
    request.setTimeout(REQUEST_TIMEOUT_MS, () => lose('timeout'));
    request.on('error', () => lose('socket'));
    request.on('response', (response) => {
      const status = response.statusCode ?? 0;
      if (status !== 200) {
        response.resume();
        // The API's cap (503 too_many_streams) is the refusal the page expects.
        lose(status === 503 ? 'refused' : (kindOf(status) ?? 'socket'));
        return;
      }
      record((report.latency[STREAM_PATH] ??= {}), performance.now() - started);
      report.streamsOpened += 1;
      request.setTimeout(0);
      onOpen();
      let pending = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        pending += chunk;
        let end: number;
        while ((end = pending.indexOf('\n\n')) >= 0) {
          const event = pending.slice(0, end);
          pending = pending.slice(end + 2);
          // The page's sample event; its first `sampled_at` is this host's.
          if (!event.startsWith(`event: ${HEARTBEAT}`)) continue;
          const now = Date.now();
          if (lastEventAt) record(report.eventGap, now - lastEventAt);
          lastEventAt = now;
          const sampledAt = /"sampled_at":"([^"]+)"/.exec(event)?.[1];
          if (sampledAt) record(report.eventAge, now - Date.parse(sampledAt));
        }
      });
      response.on('end', () => lose('socket'));
      response.on('error', () => lose('socket'));
    });
  }

  leave(): void {
    if (this.ended) return;
    this.ended = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    this.stream?.destroy();
    this.agent.destroy();
    if (this.ok) report.served += 1;
  }
}

function kindOf(status: number): FailureKind | undefined {
  if (status === 429) return '429';
  if (status >= 500) return '5xx';
  if (status >= 400) return '4xx';
  return undefined;
}

// The generator's own lateness: a timer that should fire every LAG_PERIOD_MS, and how much
// later it did. A visitor's request measured in the same process waits as long.
const LAG_PERIOD_MS = 50;
let lagExpected = performance.now() + LAG_PERIOD_MS;
const lagTimer = setInterval(() => {
  const now = performance.now();
  record(report.generatorLag, Math.max(0, now - lagExpected));
  lagExpected = now + LAG_PERIOD_MS;
}, LAG_PERIOD_MS);

const printReport = () => {
  clearInterval(lagTimer);
  const cpu = process.cpuUsage();
  report.generatorCpuS = (cpu.user + cpu.system) / 1e6;
  process.stdout.write(`${JSON.stringify(report)}\n`);
};
// Stopped before every session ended (the runner's time limit): report what was measured.
process.once('SIGTERM', () => {
  printReport();
  process.exit(0);
});

const visits: Promise<void>[] = [];
for (let id = plan.index; id < plan.visitors; id += plan.generators) {
  const arriveAt = plan.startAt + (id * plan.arrivalMs) / plan.visitors;
  visits.push(
    new Promise((resolve) =>
      setTimeout(
        () => {
          const visitor = new Visitor(id);
          void visitor.visit().finally(() => {
            visitor.leave();
            resolve();
          });
        },
        Math.max(0, arriveAt - Date.now()),
      ),
    ),
  );
}
await Promise.all(visits);
printReport();
