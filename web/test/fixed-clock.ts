/**
 * Every page test runs on the fixtures' clock: `Date` starts at FIXTURE_NOW and moves on
 * in real time, so "3 hours ago" reads the same on any day the suite runs (CI also runs it
 * with the clock years ahead). Only `Date` is faked here: timers stay real, and a test that
 * needs fake timers installs its own.
 */
import { afterEach, beforeEach, vi } from 'vitest';
import { FIXTURE_NOW } from './fixtures.js';

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'], now: FIXTURE_NOW, shouldAdvanceTime: true });
});

afterEach(() => {
  vi.useRealTimers();
});
