/**
 * The fake upstreams as a list, whichever ones `startFakes` runs: a test that must see no
 * upstream asked counts them all, so a new source's fake is counted without an edit here.
 */
import type { FakeUpstream, Fakes } from '../../../fakes/index.js';

export function fakeUpstreams(fakes: Fakes): FakeUpstream[] {
  return Object.values(fakes).filter(
    (value): value is FakeUpstream =>
      typeof value === 'object' && value !== null && 'requests' in value,
  );
}

/** Requests every fake upstream has had since its log was last cleared. */
export function upstreamRequests(fakes: Fakes): number {
  return fakeUpstreams(fakes).reduce((sum, fake) => sum + fake.requests.total, 0);
}
