/**
 * This host's own text is cleaned like an upstream's: a mount point, an interface name or an
 * OS name is whatever bytes someone chose, and a bidi override or a tab in one would reach
 * every page, every peer and the log. A recorded /proc tree (with its mount table) names a
 * disk whose mount point holds U+202E and a tab; the Linux source reports it without them,
 * while statfs is still asked at the real path.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LinuxHostSource } from '../src/sampler/linux-source.js';
import { writeTree, type Tree } from './helpers/tree.js';

const NET_DEV_HEADER = [
  'Inter-|   Receive                                                |  Transmit',
  ' face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed',
];
const counters = (name: string) => `${name}: 1000 10 0 0 0 0 0 0 2000 20 0 0 0 0 0 0`;

/** The folder's name on disk: an override and a tab, as `mkdir` allows. */
const HOSTILE_FOLDER = 'back\u202eup\tdisk';

let tree: Tree;
let source: LinuxHostSource;

beforeAll(() => {
  tree = writeTree({
    stat: 'cpu  100 0 50 1000 0 0 0 0 0 0\ncpu0 100 0 50 1000 0 0 0 0 0 0\nbtime 1763800000\nprocs_running 1\n',
    meminfo: 'MemTotal: 8148992 kB\nMemAvailable: 5123840 kB\nSwapTotal: 0 kB\nSwapFree: 0 kB\n',
    'net/dev': [...NET_DEV_HEADER, counters('eth\u202e0'), ''].join('\n'),
    loadavg: '0.42 0.37 0.31 2/211 1843022\n',
    uptime: '1209600.42 4690000.11\n',
    cpuinfo: 'processor\t: 0\nmodel name\t: AMD EPYC\u2066 7B13\n',
    'os-release': 'PRETTY_NAME="Debian GNU/Linux\u202e 12\u0007 (bookworm)"\n',
  });
  const mountPoint = path.join(tree.root, 'media', HOSTILE_FOLDER);
  mkdirSync(mountPoint, { recursive: true });
  // The kernel writes a tab in a mount point as `\011`, other bytes as they are. The table
  // names a folder of the tree, so it is written once the tree exists.
  const escaped = mountPoint.replace('\t', '\\011');
  writeFileSync(path.join(tree.root, 'mounts'), `/dev/sdb1 ${escaped} ext4 rw,relatime 0 0\n`);
  source = new LinuxHostSource({
    procPath: tree.root,
    osReleasePath: path.join(tree.root, 'os-release'),
    diskPaths: null,
    netExclude: [],
    sysPath: path.join(tree.root, 'sys'),
    mountsPath: path.join(tree.root, 'mounts'),
  });
});
afterAll(() => tree.remove());

describe("this host's own labels", () => {
  it('a mount point with U+202E and a tab comes out without them, and its disk is read', async () => {
    const { disks } = await source.read();
    expect(disks).toHaveLength(1);
    expect(disks[0]?.mount).toBe(path.join(tree.root, 'media', 'backup disk'));
    expect(disks[0]?.fs_type).toBe('ext4');
    // statfs answered for the real folder, whose name still holds both.
    expect(disks[0]?.total_bytes).toBeGreaterThan(0);
  });

  it("an interface's name loses its bidi controls", async () => {
    const { network } = await source.read();
    expect(network.map((counters) => counters.name)).toEqual(['eth0']);
  });

  it('the OS name and the CPU model lose theirs; a control character becomes a space', async () => {
    const facts = await source.facts();
    expect(facts.os).toBe('Debian GNU/Linux 12  (bookworm)');
    expect(facts.cpuModel).toBe('AMD EPYC 7B13');
  });
});
