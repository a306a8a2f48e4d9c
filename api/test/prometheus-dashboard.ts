/**
 * Reads the Grafana dashboard (`docs/grafana/portal.json`) the way a check needs it: every
 * PromQL expression in it (panel targets, rows' panels, query variables) and the series
 * names each one reads, so tests can hold them against what the portal really exports.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const DASHBOARD_PATH = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../docs/grafana/portal.json',
);

export interface DashboardExpression {
  /** The panel's title, or `variable <name>` for a query variable. */
  where: string;
  expr: string;
}

interface Panel {
  title?: string;
  targets?: { expr?: string }[];
  panels?: Panel[];
}

interface Dashboard {
  panels?: Panel[];
  templating?: { list?: { name: string; type: string; query?: unknown }[] };
}

export function loadDashboard(): Dashboard {
  return JSON.parse(readFileSync(DASHBOARD_PATH, 'utf8')) as Dashboard;
}

/** Every expression the dashboard runs; Grafana's `label_values(selector, label)` gives its selector. */
export function dashboardExpressions(
  dashboard: Dashboard = loadDashboard(),
): DashboardExpression[] {
  const found: DashboardExpression[] = [];
  const visit = (panels: Panel[] = []) => {
    for (const panel of panels) {
      for (const target of panel.targets ?? []) {
        if (target.expr !== undefined) found.push({ where: panel.title ?? '?', expr: target.expr });
      }
      visit(panel.panels);
    }
  };
  visit(dashboard.panels);
  for (const variable of dashboard.templating?.list ?? []) {
    if (variable.type !== 'query') continue;
    const query = variable.query as string | { query?: string };
    const text = typeof query === 'string' ? query : (query.query ?? '');
    const selector = /^label_values\((.*),\s*[a-zA-Z_]\w*\)$/.exec(text.trim())?.[1];
    found.push({ where: `variable ${variable.name}`, expr: selector ?? text });
  }
  return found;
}

/** Grafana's variables replaced by values Prometheus accepts, so an expression can be run. */
export function withVariables(expr: string, values: Record<string, string> = {}): string {
  return expr.replace(/\$\{?(\w+)\}?/g, (_all, name: string) => {
    if (name.startsWith('__')) return '1m'; // $__rate_interval, $__interval, $__range
    return values[name] ?? '.*';
  });
}

const KEYWORDS = new Set([
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'bool',
  'and',
  'or',
  'unless',
  'offset',
  'atan2',
  'inf',
  'nan',
]);

/**
 * The series names a PromQL expression reads: strings, label matchers, ranges and grouping
 * labels taken out, then every name that is not a function call or a keyword.
 */
export function seriesNames(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ')
    .replace(/\$\{?\w+\}?/g, ' ');
  const names = new Set<string>();
  for (const match of bare.matchAll(/(?<![\w:.])[a-zA-Z_:][\w:]*(?!\w*\s*\()/g)) {
    const name = match[0];
    if (!KEYWORDS.has(name.toLowerCase())) names.add(name);
  }
  return [...names];
}
