import { describe, expect, it } from 'vitest';
import '../src/components/kite-commits.js';
import { $, $$, mount, text } from './dom.js';
import { activity, failed, ready, unconfigured } from './fixtures.js';

const hostile = {
  repo: 'evil/<b>repo</b>',
  repo_url: 'javascript:alert(1)',
  sha: 'b'.repeat(40),
  message:
    '<script>alert(1)</script><a href="javascript:alert(2)">click</a><img src=x onerror=alert(3)>',
  author: '<i>mallory</i>',
  date: new Date(Date.now() - 5 * 60_000).toISOString(),
  url: 'javascript:alert(4)',
};

describe('kite-commits', () => {
  it('draws a loading skeleton first', async () => {
    const el = await mount('kite-commits');
    expect($(el, '.skeleton')).not.toBeNull();
  });

  it('lists repository, message, author, relative time and links to Forgejo', async () => {
    const now = Date.now();
    const date = new Date(now - 3 * 3_600_000).toISOString();
    const base = activity();
    const data = activity({ commits: base.commits.map((commit) => ({ ...commit, date })) });
    const el = await mount('kite-commits', { state: ready(data) });
    const item = $$(el, 'li');
    expect(item).toHaveLength(1);
    const shown = text(el);
    expect(shown).toContain('kenpat/homelab-mastery');
    expect(shown).toContain('Add the nginx template');
    expect(shown).toContain('kenpat');
    expect(shown).toContain('aaaaaaa');
    expect(shown).toContain('3 hours ago');
    const links = $$(el, 'a').map((a) => a.getAttribute('href'));
    expect(links).toEqual([
      `https://gitforge.kitestacks.com/kenpat/homelab-mastery/commit/${'a'.repeat(40)}`,
      'https://gitforge.kitestacks.com/kenpat/homelab-mastery',
    ]);
    expect($(el, 'time')?.getAttribute('datetime')).toBe(date);
  });

  it('says so when there are no commits', async () => {
    const el = await mount('kite-commits', { state: ready(activity({ commits: [] })) });
    expect(text(el)).toContain('No commits yet.');
  });

  it('shows a stale notice with the cached list', async () => {
    const el = await mount('kite-commits', {
      state: ready(activity({ stale: true }), { stale: true }),
    });
    expect($(el, '.notice')?.textContent).toContain('Stale');
    expect($$(el, 'li')).toHaveLength(1);
  });

  it('shows an error state with nothing cached, and offline when the API is gone', async () => {
    const el = await mount('kite-commits', { state: failed('Forgejo answered 500') });
    expect($(el, '.problem')?.textContent).toContain('Forgejo answered 500');
    const gone = await mount('kite-commits', { state: failed('not reachable'), offline: true });
    expect($(gone, '.problem')?.textContent).toContain('Offline');
  });

  it('hides itself when Forgejo is not configured', async () => {
    const el = await mount('kite-commits', { state: unconfigured() });
    expect(el.hidden).toBe(true);
  });

  it('renders a message full of HTML as text and never links a javascript: URL', async () => {
    const el = await mount('kite-commits', { state: ready(activity({ commits: [hostile] })) });
    expect($$(el, 'script')).toHaveLength(0);
    expect($$(el, 'img')).toHaveLength(0);
    expect($$(el, 'b')).toHaveLength(0);
    expect($$(el, 'i')).toHaveLength(0);
    expect($$(el, 'a')).toHaveLength(0);
    expect($(el, '.message')?.textContent?.trim()).toBe(hostile.message);
    expect(text(el)).toContain('evil/<b>repo</b>');
    expect(text(el)).toContain('<i>mallory</i>');
  });

  it('draws every row alike: the message, then repo · id · author · age', async () => {
    const [first] = activity().commits;
    if (!first) throw new Error('fixture without commits');
    const second = { ...first, repo_url: 'ftp://nope', url: 'ftp://nope' };
    const el = await mount('kite-commits', {
      state: ready(activity({ commits: [first, second] })),
    });
    for (const row of $$(el, 'li')) {
      const parts = [...row.children].map((child) => child.className);
      expect(parts).toEqual(['message', 'byline']);
      const byline = row.querySelector('.byline') as HTMLElement;
      const order = [...byline.children].map(
        (child) => child.className || child.tagName.toLowerCase(),
      );
      expect(order).toEqual(['repo', 'sha', 'author', 'time']);
      expect(byline.textContent?.replace(/\s+/g, ' ').trim()).toMatch(
        /^kenpat\/homelab-mastery aaaaaaa kenpat .+ ago$/,
      );
    }
    // The first row links its message and repository, the second (no http URL) links nothing.
    const [linked, plain] = $$(el, 'li');
    expect(linked?.querySelector('.message a')).not.toBeNull();
    expect(linked?.querySelector('bdi.repo a')?.textContent).toBe('kenpat/homelab-mastery');
    expect(plain?.querySelector('a')).toBeNull();
    expect(plain?.querySelector('bdi.repo')?.textContent).toBe('kenpat/homelab-mastery');
  });

  it('keeps a right-to-left override in an author or message from reordering the byline', async () => {
    const [base] = activity().commits;
    if (!base) throw new Error('fixture without commits');
    const commit = {
      ...base,
      author: 'mallory\u202E',
      message: '\u202Ereversed message',
      repo: 'evil/\u202Erepo',
      date: new Date(Date.now() - 3 * 60_000).toISOString(),
    };
    const el = await mount('kite-commits', { state: ready(activity({ commits: [commit] })) });
    const author = $(el, '.author') as HTMLElement;
    const time = $(el, 'time') as HTMLElement;
    // The override lives inside its own isolate…
    expect(author.tagName).toBe('BDI');
    expect(author.textContent).toBe('mallory\u202E');
    // …and the age is outside it, a sibling after it, not within its reach.
    expect(author.contains(time)).toBe(false);
    expect(author.compareDocumentPosition(time) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(time.textContent).toBe('3 minutes ago');
    expect($(el, 'bdi.repo')?.textContent).toBe('evil/\u202Erepo');
    expect($(el, '.message')?.getAttribute('dir')).toBe('auto');
  });
});
