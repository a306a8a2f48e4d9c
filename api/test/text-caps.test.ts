/** Every upstream string and list is cut to a sane size before it is cached. */
import { describe, expect, it } from 'vitest';
import { capText, LIST_ITEMS, TEXT_CHARS, URL_CHARS } from '../src/sources/text-caps.js';

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
});
