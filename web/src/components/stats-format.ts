/** The stats panel's figures as text: a missing or unreadable figure is a dash, never "NaN". */
import { formatBytes, formatPercent, formatRate } from '../format.js';

export const dash = '—';

export function percent(value: number | null): string {
  return value === null ? dash : formatPercent(value);
}

export function bytes(value: number | null): string {
  return value === null || value < 0 ? dash : formatBytes(value);
}

export function rate(value: number | null): string {
  return value === null || value < 0 ? dash : formatRate(value);
}
