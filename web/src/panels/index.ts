/**
 * Every panel the page draws from one source, one line each. Within a slot they appear in
 * this order. A new panel is its declaration (see weather.ts), its element and a line here.
 */
import { commitsPanel } from './commits.js';
import { incidentsPanel } from './incidents.js';
import { weatherPanel } from './weather.js';

export const PANELS = [incidentsPanel, weatherPanel, commitsPanel] as const;
