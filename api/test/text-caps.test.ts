/** Every upstream string and list is cut to a sane size before it is cached. */
import { describe, expect, it } from 'vitest';
import {
  capText,
  labelText,
  LIST_ITEMS,
  MESSAGE_CHARS,
  messageText,
  TEXT_CHARS,
  URL_CHARS,
} from '../src/sources/text-caps.js';

/** Every explicit bidi control: embeddings, overrides, their pop, isolates and theirs. */
const BIDI_CONTROLS = [
  '\u202a',
  '\u202b',
  '\u202c',
  '\u202d',
  '\u202e',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
];

describe('capText', () => {
  it('cuts long text, keeps more of links, and leaves numbers, nulls and short text alone', () => {
    const capped = capText({
      name: 'n'.repeat(500_000),
      repo_url: `https://git.example.org/${'r'.repeat(5000)}`,
      url: 'https://git.example.org/short',
      ping_ms: 42,
      checked_at: null,
      ok: true,
      nested: [{ location: 'L'.repeat(300_000) }],
    });
    expect(capped.name).toHaveLength(TEXT_CHARS);
    expect(capped.name.endsWith('…')).toBe(true);
    expect(capped.repo_url).toHaveLength(URL_CHARS);
    expect(capped.url).toBe('https://git.example.org/short');
    expect(capped.ping_ms).toBe(42);
    expect(capped.checked_at).toBeNull();
    expect(capped.ok).toBe(true);
    expect(capped.nested[0]?.location).toHaveLength(TEXT_CHARS);
  });

  it('never leaves half of a surrogate pair at the cut', () => {
    const text = `${'a'.repeat(TEXT_CHARS - 2)}😀😀😀`;
    const capped = capText(text);
    expect(capped.endsWith('…')).toBe(true);
    // No high surrogate without its low half.
    expect(capped).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });

  it('cuts long lists', () => {
    expect(capText(Array.from({ length: 50_000 }, (_, i) => i))).toHaveLength(LIST_ITEMS);
  });

  it('caps a parsed answer in place rather than copying it', () => {
    const answer = { host: { os: 'o'.repeat(1_000) }, disks: [{ mount: '/' }] };
    const { host, disks } = answer;
    expect(capText(answer)).toBe(answer);
    expect(answer.host).toBe(host);
    expect(answer.disks).toBe(disks);
    expect(host.os).toHaveLength(TEXT_CHARS);
  });

  it('treats a parsed "__proto__" key as data, never as the prototype', () => {
    const parsed = JSON.parse(`{"__proto__":{"polluted":"${'p'.repeat(1_000)}"}}`) as object;
    const capped = capText(parsed);
    expect(Object.getPrototypeOf(capped)).toBe(Object.prototype);
    const own = Object.getOwnPropertyDescriptor(capped, '__proto__')?.value as { polluted: string };
    expect(own.polluted).toHaveLength(TEXT_CHARS);
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });
});

describe('bidi controls', () => {
  it('leaves no override or isolate open in any field of a peer answer or an upstream', () => {
    const hostile = capText({
      host: { os: 'Debian\u202e\u2066', hostname: 'monk' },
      disks: [{ mount: '/srv/\u2067data' }],
      commits: [{ author: '\u202dkenpat', message: 'fix \u202b\u2068 the thing' }],
      url: 'https://git.example.org/\u202erepo',
    });
    const strings = JSON.stringify(hostile);
    for (const control of BIDI_CONTROLS) expect(strings).not.toContain(control);
    expect(hostile.host.os).toBe('Debian');
    expect(hostile.disks[0]?.mount).toBe('/srv/data');
    expect(hostile.commits[0]?.author).toBe('kenpat');
    expect(hostile.url).toBe('https://git.example.org/repo');
  });

  it('keeps right-to-left text itself, and the marks that open nothing', () => {
    const hebrew = 'שרת הבית';
    expect(capText({ name: hebrew })).toEqual({ name: hebrew });
    expect(capText('a\u200fb\u200e')).toBe('a\u200fb\u200e');
  });

  it('counts the cap after stripping, so a field of controls cannot push text out', () => {
    const text = `${'\u202e'.repeat(10_000)}${'a'.repeat(TEXT_CHARS)}`;
    expect(capText(text)).toBe('a'.repeat(TEXT_CHARS));
  });
});

describe('labelText', () => {
  it("makes this host's own text one label line: no bidi controls, controls become spaces", () => {
    expect(labelText('/media/back\u202eup\tdisk\u2069')).toBe('/media/backup disk');
    expect(labelText('eth0\u0000\u009b')).toBe('eth0  ');
    expect(labelText('m'.repeat(5000))).toHaveLength(TEXT_CHARS);
    expect(labelText('/')).toBe('/');
  });
});

describe('messageText', () => {
  it('makes outside text one short line without bidi controls', () => {
    const header = `text/html\r\nx-injected: 1\u202e${'x'.repeat(15_000)}`;
    const text = messageText(header);
    expect(text).toHaveLength(MESSAGE_CHARS);
    expect(text).not.toMatch(/[\r\n\u202e]/);
    expect(text.startsWith('text/html  x-injected: 1x')).toBe(true);
    expect(messageText('short', 3)).toBe('sh…');
  });
});
