import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Dashboard } from '@grafana/schema';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { GatewayMetrics } from './metrics';

/*
 * docs/grafana/cyrene-gateway.json checked offline against Grafana's dashboard JSON model: a
 * zod schema of the model's parts the dashboard uses (strict: an unknown or misspelt key
 * fails), whose output type must be assignable to @grafana/schema's Dashboard (checked by tsc),
 * and against the gateway's own metric names and labels.
 */

const DASHBOARD_FILE = path.resolve(import.meta.dirname, '../../../../docs/grafana/cyrene-gateway.json');

/** Grafana's variable syntax (the data source picked at import), not a JS template. */
// biome-ignore lint/suspicious/noTemplateCurlyInString: a Grafana variable reference
const DATASOURCE_VARIABLE = '${datasource}';
const DataSourceRefSchema = z
  .object({ type: z.literal('prometheus'), uid: z.literal(DATASOURCE_VARIABLE) })
  .strict();
const GridPosSchema = z
  .object({
    h: z.number().int().positive(),
    w: z.number().int().min(1).max(24),
    x: z.number().int().min(0).max(23),
    y: z.number().int().min(0),
  })
  .strict()
  .refine((g) => g.x + g.w <= 24, 'a panel must fit the 24-column grid');
const TargetSchema = z
  .object({
    refId: z.string().regex(/^[A-Z]$/),
    datasource: DataSourceRefSchema,
    expr: z.string().min(1),
    legendFormat: z.string(),
    range: z.boolean(),
  })
  .strict();
const PanelSchema = z
  .object({
    type: z.enum(['timeseries', 'stat']),
    id: z.number().int().positive(),
    title: z.string().min(1),
    description: z.string(),
    datasource: DataSourceRefSchema,
    gridPos: GridPosSchema,
    fieldConfig: z
      .object({ defaults: z.object({ unit: z.string() }).strict(), overrides: z.array(z.never()) })
      .strict(),
    options: z.record(z.string(), z.unknown()),
    targets: z.array(TargetSchema).min(1),
  })
  .strict();
const RowPanelSchema = z
  .object({
    type: z.literal('row'),
    id: z.number().int().positive(),
    title: z.string().min(1),
    collapsed: z.boolean(),
    panels: z.array(PanelSchema),
    gridPos: GridPosSchema,
  })
  .strict();
const VariableSchema = z
  .object({
    name: z.string().regex(/^\w+$/),
    label: z.string(),
    type: z.enum(['datasource', 'query']),
    query: z.union([z.string(), z.object({ query: z.string(), refId: z.string() }).strict()]),
    definition: z.string().optional(),
    datasource: DataSourceRefSchema.optional(),
    multi: z.boolean().optional(),
    includeAll: z.boolean().optional(),
    allValue: z.string().optional(),
    refresh: z.union([z.literal(1), z.literal(2)]).optional(),
    sort: z.number().int().optional(),
    hide: z.literal(0),
  })
  .strict();
const DashboardSchema = z
  .object({
    title: z.string().min(1),
    uid: z.string().regex(/^[A-Za-z0-9_-]{1,40}$/),
    description: z.string(),
    tags: z.array(z.string()),
    editable: z.boolean(),
    graphTooltip: z.union([z.literal(0), z.literal(1), z.literal(2)]),
    schemaVersion: z.number().int().min(36),
    version: z.number().int(),
    refresh: z.string(),
    time: z.object({ from: z.string(), to: z.string() }).strict(),
    timezone: z.string(),
    annotations: z.object({ list: z.array(z.never()) }).strict(),
    links: z.array(z.never()),
    templating: z.object({ list: z.array(VariableSchema) }).strict(),
    panels: z.array(z.union([RowPanelSchema, PanelSchema])),
  })
  .strict();

/** Compile-time: what the zod schema accepts is a Dashboard as Grafana's own types describe it. */
const asGrafanaDashboard = (d: z.output<typeof DashboardSchema>): Dashboard => d;

const dashboard = asGrafanaDashboard(DashboardSchema.parse(JSON.parse(readFileSync(DASHBOARD_FILE, 'utf8'))));
const panels = (dashboard.panels ?? []).filter((p) => p.type !== 'row') as Array<
  z.output<typeof PanelSchema>
>;
const exprs = panels.flatMap((p) => p.targets.map((t) => t.expr));

/** Every metric the gateway exposes, with its label names (histograms: their _bucket/_sum/_count series). */
function exposedSeries(): Map<string, Set<string>> {
  const series = new Map<string, Set<string>>();
  for (const metric of new GatewayMetrics().registry.getMetricsAsArray()) {
    const { name, labelNames = [] } = metric as unknown as { name: string; labelNames?: string[] };
    const labels = new Set([...labelNames, 'instance', 'job']);
    series.set(name, labels);
    for (const suffix of ['_bucket', '_sum', '_count'])
      series.set(`${name}${suffix}`, new Set([...labels, ...(suffix === '_bucket' ? ['le'] : [])]));
  }
  return series;
}

const PROMQL_WORDS = new Set([
  'sum',
  'max',
  'min',
  'avg',
  'rate',
  'by',
  'le',
  'histogram_quantile',
  'label_values',
]);
const metricNamesIn = (expr: string) =>
  [
    ...expr
      .replace(/\{[^}]*\}|\[[^\]]*\]|"[^"]*"|\b(by|without) \([^)]*\)/g, '')
      .matchAll(/[a-z_][a-z0-9_]*/g),
  ]
    .map((m) => m[0])
    .filter((w) => !PROMQL_WORDS.has(w));

describe('the Grafana dashboard (docs/grafana/cyrene-gateway.json)', () => {
  it('follows the dashboard JSON model: unique ids, unique refIds, panels that do not overlap', () => {
    const all = dashboard.panels ?? [];
    const ids = all.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const p of panels) expect(new Set(p.targets.map((t) => t.refId)).size).toBe(p.targets.length);
    const cells = new Set<string>();
    for (const p of all) {
      const g = p.gridPos as { x: number; y: number; w: number; h: number };
      for (let x = g.x; x < g.x + g.w; x++)
        for (let y = g.y; y < g.y + g.h; y++) {
          expect(cells.has(`${x},${y}`), `${p.title} overlaps another panel`).toBe(false);
          cells.add(`${x},${y}`);
        }
    }
  });

  it('queries only series the gateway exposes, by labels they have', () => {
    const series = exposedSeries();
    for (const expr of exprs) {
      const names = metricNamesIn(expr);
      expect(names.length, expr).toBeGreaterThan(0);
      for (const name of names) expect(series.has(name), `${name} in ${expr}`).toBe(true);
      const labels = new Set(names.flatMap((n) => [...(series.get(n) ?? [])]));
      const used = [
        ...[...expr.matchAll(/by \(([^)]*)\)/g)].flatMap((m) => (m[1] ?? '').split(',').map((l) => l.trim())),
        ...[...expr.matchAll(/(\w+)=~?"/g)].map((m) => m[1] ?? ''),
      ];
      for (const label of used) expect(labels.has(label), `label ${label} in ${expr}`).toBe(true);
    }
  });

  it('shows every metric of issue 23 the gateway has', () => {
    const shown = new Set(exprs.flatMap(metricNamesIn).map((n) => n.replace(/_(bucket|sum|count)$/, '')));
    expect([...shown].filter((n) => n.startsWith('cyrene_') || n.startsWith('http_')).sort()).toEqual([
      'cyrene_chat_attempts_total',
      'cyrene_chat_duration_seconds',
      'cyrene_chat_time_to_first_token_seconds',
      'cyrene_chat_tokens_total',
      'cyrene_chat_turns_total',
      'cyrene_db_pool_connections_in_use',
      'cyrene_db_pool_requests_waiting',
      'cyrene_job_lag_seconds',
      'cyrene_job_runs_total',
      'cyrene_jobs_due',
      'cyrene_ws_connections',
      'cyrene_ws_frames_total',
      'http_server_request_duration_seconds',
    ]);
  });
});
