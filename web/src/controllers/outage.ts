/**
 * Tells an outage from a crowd. In a crowd some requests fail while others get through (a
 * poll that times out behind a busy proxy): that is not "offline". The API counts as gone
 * only when the heartbeat fails twice with no answer from anything in between, or once
 * after `quietMs` without any answer at all.
 */
import { ApiProblem, GATEWAY_STATUSES } from '../api/client.js';

export class OutageJudge {
  private _answers = 0;
  private _lastAnswerAt = Number.NEGATIVE_INFINITY;
  /** The first heartbeat failure of the current run, and how many answers there were then. */
  private _run: { at: number; answers: number } | null = null;

  constructor(private readonly _quietMs: number) {}

  /** When the current run of heartbeat failures began (null when there is none). */
  get failingSince(): number | null {
    return this._run?.at ?? null;
  }

  /** Any answer: a poll or a stream event. */
  answered(now: number): void {
    this._answers += 1;
    this._lastAnswerAt = now;
  }

  heartbeatAnswered(): void {
    this._run = null;
  }

  /** A heartbeat failure that means "nothing answers": true when the API looks gone. */
  heartbeatGone(now: number): boolean {
    if (this._run === null || this._run.answers !== this._answers) {
      // The first failure, or something answered since the last one: count anew.
      const first = this._run === null;
      this._run = { at: now, answers: this._answers };
      return first && now - this._lastAnswerAt >= this._quietMs;
    }
    return true;
  }
}

/** For the heartbeat, which never waits on an upstream, these mean nothing answers behind the proxy. */
export function apiGone(error: unknown): boolean {
  if (!(error instanceof ApiProblem)) return false;
  return error.kind === 'offline' || GATEWAY_STATUSES.has(error.status);
}
