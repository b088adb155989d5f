import type { z } from 'zod';
import { ConfigSchema } from '../../apps/gateway/src/config/config';
import type { DocFile } from './check';

/**
 * docs/configuration.md, generated from the gateway's config schema (config.ts): each variable
 * with its default (what the schema makes of it when unset) and its `.describe()` text, so the
 * page cannot drift from the code. `npm run openapi:check` fails when the committed page differs.
 */

/** Headings for the variables; one the list does not name still appears, under "Other". */
const SECTIONS: [string, string[]][] = [
  ['Server', ['PORT', 'HOST', 'TRUST_PROXY', 'JSON_BODY_LIMIT', 'TRPC_MAX_BATCH_SIZE', 'LOG_LEVEL']],
  ['Storage', ['DATA_DIR', 'DATABASE_URL']],
  [
    'Files in an S3-compatible bucket',
    [
      'S3_BUCKET',
      'S3_ENDPOINT',
      'S3_REGION',
      'S3_ACCESS_KEY_ID',
      'S3_SECRET_ACCESS_KEY',
      'S3_FORCE_PATH_STYLE',
      'S3_PREFIX',
    ],
  ],
  [
    'Accounts and tokens',
    [
      'ADMIN_USERNAME',
      'ADMIN_PASSWORD',
      'JWT_SECRET',
      'REGISTRATION_ENABLED',
      'ACCESS_TOKEN_TTL_SECONDS',
      'AUTH_RATE_LIMIT_PER_MINUTE',
    ],
  ],
  ['Upstream services', ['AI_CORE_URL', 'VOICE_SERVICE_URL', 'VOICE_TIMEOUT_MS', 'MEMORY_SERVICE_URL']],
  ['Webhooks', ['WEBHOOK_KEY', 'DISCORD_PUBLIC_KEY', 'DISCORD_API_BASE', 'DISCORD_DEFER_MS']],
  [
    'WebSocket and streaming replies',
    [
      'WS_HEARTBEAT_MS',
      'WS_MAX_BUFFERED_BYTES',
      'WS_MAX_CONNECTIONS_PER_USER',
      'WS_MAX_FRAMES_PER_SECOND',
      'GENERATION_HEARTBEAT_MS',
      'STREAM_RETENTION_MINUTES',
    ],
  ],
  ['Scheduled work (jobs)', ['JOB_POLL_MS', 'JOB_LEASE_MS', 'JOB_CONCURRENCY', 'JOB_MISFIRE_GRACE_MS']],
  ['Knowledge', ['KNOWLEDGE_ALLOW_PRIVATE_URLS']],
  ['Images', ['IMAGE_CONCURRENCY', 'IMAGE_ANALYSIS_TIMEOUT_SECONDS']],
  [
    'Observability',
    [
      'METRICS_TOKEN',
      'METRICS_PORT',
      'OTEL_EXPORTER_OTLP_ENDPOINT',
      'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT',
      'OTEL_SERVICE_NAME',
      'OTEL_SDK_DISABLED',
    ],
  ],
  [
    'Automation',
    [
      'AUTOMATION_ALLOW_PRIVATE_URLS',
      'AUTOMATION_HTTP_RETRY_BASE_MS',
      'AUTOMATION_RATE_LIMIT',
      'AUTOMATION_RATE_WINDOW_SECONDS',
    ],
  ],
  [
    'Briefings',
    [
      'BRIEFING_WEATHER_URL',
      'BRIEFING_WEATHER_MODEL',
      'BRIEFING_NEWS_URL',
      'BRIEFING_NEWS_MODEL',
      'BRIEFING_PROVIDER_API_KEY',
      'BRIEFING_LOCATION',
    ],
  ],
];

/** What the variable is worth when unset, as the schema parses it. */
function defaultOf(field: z.ZodTypeAny): string {
  const parsed = field.safeParse(undefined);
  if (!parsed.success || parsed.data === undefined) return 'unset';
  return `\`${String(parsed.data)}\``;
}

const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');

/** The page, or an error naming a variable without a description. */
export function renderConfiguration(): DocFile {
  const shape = ConfigSchema.innerType().shape as Record<string, z.ZodTypeAny>;
  const names = Object.keys(shape);
  const undescribed = names.filter((n) => !shape[n]?.description);
  if (undescribed.length > 0) {
    throw new Error(
      `config.ts: describe ${undescribed.join(', ')} (.describe('…')) for docs/configuration.md`,
    );
  }
  const listed = new Set(SECTIONS.flatMap(([, keys]) => keys));
  const sections: [string, string[]][] = [
    ...SECTIONS.map(([title, keys]): [string, string[]] => [title, keys.filter((k) => k in shape)]),
    ['Other', names.filter((n) => !listed.has(n))],
  ];
  const lines = [
    '<!-- Generated from apps/gateway/src/config/config.ts by `npm run openapi`: do not edit. -->',
    '',
    '# Configuration',
    '',
    'The gateway and the `cyrene` CLI read these environment variables, and a `.env` file in the',
    'working directory (the environment wins). An invalid value stops the start with a message',
    'naming the variable and why. Durations are milliseconds unless the name says otherwise.',
  ];
  for (const [title, keys] of sections) {
    if (keys.length === 0) continue;
    lines.push('', `## ${title}`, '', '| Variable | Default | Meaning |', '| --- | --- | --- |');
    for (const key of keys) {
      const field = shape[key];
      if (field) lines.push(`| \`${key}\` | ${defaultOf(field)} | ${cell(field.description ?? '')} |`);
    }
  }
  return { name: 'configuration.md', text: `${lines.join('\n')}\n` };
}

/** The first line where the committed page differs, for `openapi:check`. */
export function diffText(file: DocFile, committed: string | undefined): string | undefined {
  if (committed === file.text) return undefined;
  if (committed === undefined) return 'missing: run `npm run openapi`';
  const want = file.text.split('\n');
  const have = committed.split('\n');
  const line = want.findIndex((l, i) => l !== have[i]);
  return `line ${line + 1} differs: committed ${JSON.stringify(have[line] ?? '(end of file)')}`;
}
