/** The newest commits across the lab's Forgejo, beside the service cards. */
import { isRecord } from '../api/guards.js';
import type { Activity } from '../api/types.js';
import { definePanel } from './panel.js';

export const isActivity = (value: unknown): value is Activity =>
  isRecord(value) &&
  typeof value.configured === 'boolean' &&
  (value.configured === false || Array.isArray(value.commits));

export const commitsPanel = definePanel({
  name: 'activity',
  path: '/api/activity',
  guard: isActivity,
  // The API keeps an answer 60 s (ACTIVITY_TTL_S 60).
  pollMs: 60_000,
  freshForMs: 2 * 60_000,
  element: 'kite-commits',
  slot: 'aside',
});
