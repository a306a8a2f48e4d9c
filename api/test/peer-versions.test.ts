/**
 * Hosts are updated one at a time, so a portal shows peers on other versions: an older one
 * (the recorded answer of portal 0.1.0, without `version` or `host.name`) and a newer one
 * (with fields and objects this portal does not know). Unknown fields are dropped, missing
 * optional ones stay absent, and an answer that fails the check is "incompatible" with the
 * version it names, never "unreachable".
 */
import { readFileSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import { Value } from 'typebox/value';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Hosts, Metrics, type HostEntry } from '../src/schemas/index.js';
import { TEXT_CHARS } from '../src/sources/text-caps.js';
import { VERSION } from '../src/version.js';
import { startFakePeer, type FakePeer } from '../../fakes/index.js';
import { listenOnLoopback, testApp } from './helpers/app.js';
import { CountingHostSource } from './helpers/fake-host.js';

const fixture = (name: string) =>
  readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
/** Today's answer, recorded from a running 0.1.0 API. */
const OLDER = fixture('metrics-0.1.0.json');
/** A later version's answer, with extra fields and objects at every level. */
const NEWER = fixture('metrics-newer.json');

/** Removes `keys` from `record` (a copy): what this portal does not know of a newer answer. */
function without(record: Record<string, unknown>, ...keys: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([key]) => !keys.includes(key)));
}

/** The newer answer as this portal knows it: what it does not know, dropped. */
function newerAsKnown(): Record<string, unknown> {
  const known = JSON.parse(NEWER);
  return {
    ...without(known, 'schema', 'containers', 'gpu'),
    host: without(known.host, 'virtualization'),
    cpu: without(known.cpu, 'frequency_mhz', 'pressure'),
    memory: without(known.memory, 'huge_pages'),
    disks: known.disks.map((disk: Record<string, unknown>) =>
      without(disk, 'inodes_percent', 'read_bytes_per_s'),
    ),
    network: {
      ...known.network,
      interfaces: known.network.interfaces.map((iface: Record<string, unknown>) =>
        without(iface, 'mtu'),
      ),
    },
    processes: without(known.processes, 'zombies'),
  };
}

let app: FastifyInstance;
const fakes: FakePeer[] = [];

async function peerServing(body: string): Promise<FakePeer> {
  const peer = await startFakePeer();
  peer.setBody(body);
  fakes.push(peer);
  return peer;
}

let hosts: HostEntry[];
const byName = (name: string) => {
  const entry = hosts.find((host) => host.name === name);
  if (!entry) throw new Error(`no host named ${name}`);
  return entry;
};

beforeAll(async () => {
  const older = await peerServing(OLDER);
  const newer = await peerServing(NEWER);
  const renamed = JSON.parse(NEWER);
  renamed.version = '0.4.0';
  renamed.processors = renamed.cpu;
  delete renamed.cpu;
  const future = await peerServing(JSON.stringify(renamed));
  const long = await peerServing(
    JSON.stringify({ version: `9${'.9'.repeat(5000)}`, cpu: 'x'.repeat(5000) }),
  );
  app = await testApp(
    {
      HOST_NAME: 'monk',
      PEERS: [
        `kscloud1=${older.url}`,
        `ks-cloud.2=${newer.url}`,
        `future=${future.url}`,
        `long=${long.url}`,
      ].join(','),
    },
    { hostSource: new CountingHostSource() },
  );
  await app.inject('/api/hosts');
  await Promise.all(app.peers.list.map((peer) => peer.cache.refresh()));
  const res = await app.inject('/api/hosts');
  expect(res.statusCode).toBe(200);
  expect(Value.Errors(Hosts, res.json())).toEqual([]);
  hosts = res.json().hosts;
});
afterAll(async () => {
  await app.close();
  await Promise.all(fakes.map((peer) => peer.close()));
});

describe('a peer on another version', () => {
  it("today's recorded answer is still valid metrics", () => {
    expect(Value.Errors(Metrics, JSON.parse(OLDER))).toEqual([]);
  });

  it('an older peer is shown as it answered, its missing optional fields absent', () => {
    const entry = byName('kscloud1');
    expect(entry).toMatchObject({ reachable: true, stale: false, version: null });
    expect(entry.error).toBeUndefined();
    expect(entry.metrics).toEqual(JSON.parse(OLDER));
    expect(entry.metrics).not.toHaveProperty('version');
    expect(entry.metrics?.host).not.toHaveProperty('name');
  });

  it('a newer peer is shown with its version and name, what this portal does not know dropped', () => {
    const entry = byName('ks-cloud.2');
    expect(entry).toMatchObject({ reachable: true, stale: false, version: '0.3.0' });
    expect(entry.error).toBeUndefined();
    expect(entry.metrics).toEqual(newerAsKnown());
    expect(entry.metrics?.host.name).toBe('ks-cloud.2');
    expect(entry.metrics?.disks.map((disk) => disk.mount)).toEqual(['/', '/srv']);
  });

  it('a peer whose answer fails the check is incompatible, with its version, not unreachable', () => {
    const entry = byName('future');
    expect(entry).toMatchObject({ reachable: true, metrics: null, version: '0.4.0' });
    expect(entry.error).toEqual({
      code: 'peer_incompatible',
      message:
        "future runs version 0.4.0, whose answer this portal cannot read: the answer must have required property 'cpu'",
    });
  });

  it("caps the version a peer names, in the entry and in the error's message", () => {
    const entry = byName('long');
    expect(entry.error?.code).toBe('peer_incompatible');
    expect(entry.version?.length).toBeLessThanOrEqual(TEXT_CHARS);
    expect(entry.error?.message.length).toBeLessThan(2 * TEXT_CHARS);
  });

  it('this host names its own version and HOST_NAME', async () => {
    const self = byName('monk');
    expect(self.version).toBe(VERSION);
    expect(self.metrics?.version).toBe(VERSION);
    expect(self.metrics?.host.name).toBe('monk');
    const metrics = (await app.inject('/api/metrics')).json();
    expect(metrics.version).toBe(VERSION);
    expect(metrics.host.name).toBe('monk');
  });

  it("greets a stream with this host's HOST_NAME", async () => {
    const base = await listenOnLoopback(app);
    const abort = new AbortController();
    const response = await fetch(`${base}/api/stream`, { signal: abort.signal });
    const reader = response.body?.getReader();
    let text = '';
    while (reader && !/event: hosts\ndata: .*\n/.test(text)) {
      const { value, done } = await reader.read();
      if (done) break;
      text += new TextDecoder().decode(value);
    }
    abort.abort();
    const data = (event: string) =>
      JSON.parse(new RegExp(`event: ${event}\ndata: (.*)\n`).exec(text)?.[1] ?? 'null');
    expect(data('metrics').host.name).toBe('monk');
    expect(data('hosts').hosts[0]).toMatchObject({ name: 'monk', version: VERSION });
  });
});
