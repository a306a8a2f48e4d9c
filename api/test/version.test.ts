import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { portalVersion } from '../src/version.js';

describe('portalVersion', () => {
  let dir = '';
  const file = (name: string) => pathToFileURL(path.join(dir, name));

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'portal-version-'));
    writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ version: '1.2.3' }));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("is the package's version where no image build is recorded", () => {
    expect(portalVersion(file('package.json'), file('build-version'))).toBe('1.2.3');
  });

  it('adds the build an image was made from', () => {
    writeFileSync(path.join(dir, 'build-version'), '3f2c1ab\n');
    expect(portalVersion(file('package.json'), file('build-version'))).toBe('1.2.3+3f2c1ab');
  });

  it.each(['', '  ', 'has space', '-leading-dash', 'a/b', 'x'.repeat(129)])(
    'ignores a build file that names no tag: %j',
    (content) => {
      writeFileSync(path.join(dir, 'build-version'), content);
      expect(portalVersion(file('package.json'), file('build-version'))).toBe('1.2.3');
    },
  );
});
