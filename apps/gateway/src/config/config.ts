import path from 'node:path';
import { z } from 'zod';

const flag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], {
      errorMap: () => ({ message: 'must be true or false' }),
    })
    .optional()
    .transform((v) => (v === undefined ? fallback : v === 'true' || v === '1' || v === 'yes'));

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()));

const httpUrl = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim().replace(/\/+$/, '')))
  .refine((v) => v === undefined || /^https?:\/\/[^\s]+$/i.test(v), 'must be an http(s) URL');

/** A flag without a default of its own (it depends on another setting). */
const optionalFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { errorMap: () => ({ message: 'must be true or false' }) })
  .optional()
  .transform((v) => (v === undefined ? undefined : v === 'true' || v === '1' || v === 'yes'));

const port = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v === '' ? 8080 : Number(v)))
  .refine((v) => Number.isInteger(v) && v >= 0 && v <= 65535, 'must be a port number 0-65535');

const optionalPort = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : Number(v)))
  .refine(
    (v) => v === undefined || (Number.isInteger(v) && v >= 0 && v <= 65535),
    'must be a port number 0-65535 (0: any free port)',
  );

const positiveInt = (fallback: number) =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v === '' ? fallback : Number(v)))
    .refine((v) => Number.isInteger(v) && v > 0, 'must be a positive integer');

/** A shorter ADMIN_PASSWORD stops the start: it guards every user's data. */
export const MIN_ADMIN_PASSWORD_LENGTH = 12;

/**
 * Every setting of the gateway, read from the environment (and `.env`).
 * docs/configuration.md is generated from it; names are the environment variables.
 */
export const ConfigSchema = z
  .object({
    PORT: port.describe('HTTP and WebSocket port (0-65535).'),
    HOST: z
      .string()
      .min(1)
      .default('0.0.0.0')
      .describe('Listen address; `127.0.0.1` keeps the gateway off the network.'),
    DATA_DIR: z
      .string()
      .min(1)
      .default('./data')
      .describe(
        'Where the embedded database (`pgdata/`), stored files (`blobs/`, unless S3_BUCKET), upload temp files, the generated JWT secret, the pid file and ' +
          'daemon logs live. Relative to the working directory. Locked against a second process while the embedded database runs.',
      ),
    CONSOLE_DIR: optionalString.describe(
      'The built web console served at `/` (default: `apps/console/dist` of this checkout, which `npm start` builds).',
    ),
    DATABASE_URL: optionalString
      .refine(
        (v) => v === undefined || /^postgres(ql)?:\/\//.test(v),
        'must start with postgres:// or postgresql://',
      )
      .describe(
        '`postgres://user:password@host:5432/db`: use that PostgreSQL server (15 or newer). Unset: the embedded PostgreSQL (PGlite) in DATA_DIR.',
      ),
    ADMIN_USERNAME: z
      .string()
      .min(1)
      .default('admin')
      .describe('The administrator’s login name (user_id `admin`).'),
    ADMIN_PASSWORD: optionalString
      .refine(
        (v) => v === undefined || [...v].length >= MIN_ADMIN_PASSWORD_LENGTH,
        `must be at least ${MIN_ADMIN_PASSWORD_LENGTH} characters (or unset, to refuse admin login)`,
      )
      .describe(
        `The administrator’s password, at least ${MIN_ADMIN_PASSWORD_LENGTH} characters, checked against this value only (never the database). ` +
          'Changing it (or ADMIN_USERNAME) ends every admin login at the next start. Unset: admin login is refused and the start says so.',
      ),
    JWT_SECRET: optionalString
      .refine(
        (v) => v === undefined || v.length >= 32,
        'must be at least 32 characters (or unset, to generate one in DATA_DIR)',
      )
      .describe(
        'HS256 signing key for access and refresh tokens, at least 32 characters; it also seals stored provider API keys. ' +
          'Unset: one is generated once into DATA_DIR/jwt-secret. Set the same value on every instance sharing a database.',
      ),
    REGISTRATION_ENABLED: flag(false).describe(
      'Public registration (`POST /auth/register`). Off: accounts are made with `cyrene user:create`.',
    ),
    WEBHOOK_KEY: optionalString.describe(
      'The value `POST /webhook/generic` expects in `X-Webhook-Key`. Unset: webhooks answer 503.',
    ),
    DISCORD_PUBLIC_KEY: optionalString
      .refine(
        (v) => v === undefined || /^[0-9a-f]{64}$/i.test(v),
        'must be 64 hex characters (an Ed25519 public key)',
      )
      .describe('Your Discord application’s public key (64 hex); Discord interactions are verified with it.'),
    AI_CORE_URL: httpUrl.describe(
      'The AI-Core upstream (`POST {AI_CORE_URL}/api/v1/chat`, Server-Sent Events), used for chat when no `chat` routing rule is configured.',
    ),
    VOICE_SERVICE_URL: httpUrl.describe(
      'The Voice-Service upstream for transcription and TTS; unset: voice endpoints answer 502.',
    ),
    MEMORY_SERVICE_URL: httpUrl.describe(
      'A remote Memory-Service. Unset: memories are kept in the gateway’s own database.',
    ),
    VOICE_TIMEOUT_MS: positiveInt(30_000).describe(
      'A Voice-Service or speech-provider call that makes no progress this long is given up (502).',
    ),
    DISCORD_API_BASE: httpUrl.describe(
      'Discord’s API, where deferred interaction replies are delivered. Unset: https://discord.com/api/v10 (set only for tests).',
    ),
    DISCORD_DEFER_MS: positiveInt(2_500).describe(
      'A Discord reply not ready this soon is deferred (type 5) and delivered by editing it later.',
    ),
    KNOWLEDGE_ALLOW_PRIVATE_URLS: flag(false).describe(
      'Knowledge documents of source_type `url` may be fetched from loopback and private networks.',
    ),
    TRUST_PROXY: flag(false).describe(
      'Read the client address from `X-Forwarded-For` (rate limits, logs). Only behind a proxy you run.',
    ),
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info')
      .describe(
        'pino log level: fatal, error, warn, info, debug, trace or silent. Logs are JSON lines on stdout.',
      ),
    ACCESS_TOKEN_TTL_SECONDS: positiveInt(2 * 60 * 60).describe(
      'Lifetime of an access token; refresh tokens last 30 days.',
    ),
    AUTH_RATE_LIMIT_PER_MINUTE: positiveInt(5).describe(
      'Registrations and logins per client address per minute: counted in the database on PostgreSQL (shared by every instance), in memory on the embedded database.',
    ),
    JSON_BODY_LIMIT: z
      .string()
      .default('2mb')
      .describe('Largest JSON request body (`100kb`, `2mb`, …); larger answers 413.'),
    TRPC_MAX_BATCH_SIZE: positiveInt(20).describe(
      'Most calls one tRPC batch may carry; a larger batch answers 400 before any of its calls runs.',
    ),
    IMAGE_CONCURRENCY: positiveInt(2).describe(
      'Image analyses and thumbnail renderings one instance runs at once; more wait their turn (up to 64 waiting, then 503).',
    ),
    IMAGE_ANALYSIS_TIMEOUT_SECONDS: positiveInt(20).describe(
      'An image analysis (or thumbnail) whose decoding takes longer is given up (400 unsupported_type).',
    ),
    WS_MAX_CONNECTIONS_PER_USER: positiveInt(1_000).describe(
      'WebSocket connections one user may hold on one instance (the chat WebSocket is the administrator’s, so this bounds every device of theirs); one more is refused with 429 `rate_limited` before the upgrade.',
    ),
    WS_MAX_FRAMES_PER_SECOND: positiveInt(20).describe(
      'Frames a WebSocket connection may send per second (twice that in a burst); each frame over it is dropped and answered with an `error` frame (errorType `rate_limited`).',
    ),
    WS_HEARTBEAT_MS: positiveInt(30_000).describe(
      'WebSocket ping interval; a connection that missed one pong is closed.',
    ),
    WS_MAX_BUFFERED_BYTES: positiveInt(4 * 1024 * 1024).describe(
      'A WebSocket client whose unsent data exceeds this is dropped (close 1013) and may resume.',
    ),
    GENERATION_HEARTBEAT_MS: positiveInt(5_000).describe(
      'How often a running reply says its instance is alive; after 3 missed beats another instance ends it as interrupted.',
    ),
    STREAM_RETENTION_MINUTES: positiveInt(30).describe(
      'How long streamed reply frames are kept for clients that resume.',
    ),
    JOB_POLL_MS: positiveInt(1_000).describe(
      'How often the job runner looks for due work (reminders, schedules, briefings).',
    ),
    JOB_LEASE_MS: positiveInt(60_000).describe(
      'How long a job claim lasts without renewal: a dead instance’s jobs are taken over after it.',
    ),
    JOB_CONCURRENCY: positiveInt(8).describe('Jobs one instance runs at once.'),
    JOB_MISFIRE_GRACE_MS: positiveInt(60_000).describe(
      'Work due at most this long ago counts as on time; older work follows its misfire policy.',
    ),
    AUTOMATION_ALLOW_PRIVATE_URLS: flag(false).describe(
      'Automation `http` actions of non-admin users may reach loopback and private networks.',
    ),
    AUTOMATION_HTTP_RETRY_BASE_MS: positiveInt(1_000).describe(
      'First delay before a failed `http` action is retried (doubling each time).',
    ),
    AUTOMATION_RATE_LIMIT: positiveInt(30).describe(
      'A rule that starts more runs than this within the window is paused and its owner told.',
    ),
    AUTOMATION_RATE_WINDOW_SECONDS: positiveInt(60).describe('The window of AUTOMATION_RATE_LIMIT.'),
    BRIEFING_WEATHER_URL: httpUrl.describe(
      'Weather for briefings: a URL answering JSON to a GET (`{location}` is substituted), or with BRIEFING_WEATHER_MODEL an ' +
        'OpenAI-compatible base URL asked for JSON. Unset: briefings have no weather.',
    ),
    BRIEFING_WEATHER_MODEL: optionalString.describe(
      'The model asked at BRIEFING_WEATHER_URL, when it is OpenAI-compatible.',
    ),
    BRIEFING_NEWS_URL: httpUrl.describe(
      'News for briefings, as BRIEFING_WEATHER_URL (with BRIEFING_NEWS_MODEL). Unset: briefings have no news.',
    ),
    BRIEFING_NEWS_MODEL: optionalString.describe(
      'The model asked at BRIEFING_NEWS_URL, when it is OpenAI-compatible.',
    ),
    BRIEFING_PROVIDER_API_KEY: optionalString.describe(
      'Bearer key sent to the briefing weather and news URLs.',
    ),
    BRIEFING_LOCATION: optionalString.describe(
      'The place the weather is for (substituted for `{location}`).',
    ),
    S3_BUCKET: optionalString.describe(
      'Keep stored files in this S3-compatible bucket instead of DATA_DIR/blobs, so several instances share them. ' +
        'The bucket must exist; the start fails when it cannot be reached. Unset: the file system.',
    ),
    S3_ENDPOINT: httpUrl.describe(
      'The S3-compatible service (`https://<account>.r2.cloudflarestorage.com`, `http://minio:9000`, …). Unset: AWS S3.',
    ),
    S3_REGION: z
      .string()
      .min(1)
      .default('us-east-1')
      .describe('The bucket’s region (`auto` for Cloudflare R2, `garage` or as configured for Garage).'),
    S3_ACCESS_KEY_ID: optionalString.describe(
      'Access key for the bucket, with S3_SECRET_ACCESS_KEY. Unset: the AWS SDK’s default credential chain ' +
        '(AWS_ACCESS_KEY_ID, shared config, instance or task role).',
    ),
    S3_SECRET_ACCESS_KEY: optionalString.describe('The secret of S3_ACCESS_KEY_ID.'),
    S3_FORCE_PATH_STYLE: optionalFlag.describe(
      'Address the bucket as `<endpoint>/<bucket>` instead of `<bucket>.<endpoint>`. Default: true when S3_ENDPOINT is set, else false.',
    ),
    S3_PREFIX: optionalString
      .refine((v) => v === undefined || !v.startsWith('/'), 'must not start with /')
      .describe('A key prefix inside the bucket (e.g. `cyrene/`), to share a bucket with other data.'),
    METRICS_TOKEN: optionalString.describe(
      'Turns on `GET /metrics` (Prometheus text format), answered only with `Authorization: Bearer <METRICS_TOKEN>`. Unset: no metrics are kept.',
    ),
    METRICS_PORT: optionalPort.describe(
      'Serve `/metrics` on this port (same HOST) instead of the main one. Needs METRICS_TOKEN.',
    ),
    OTEL_EXPORTER_OTLP_ENDPOINT: httpUrl.describe(
      'OpenTelemetry collector base URL (OTLP/HTTP, e.g. `http://collector:4318`): spans go to `{url}/v1/traces`. Unset: no tracing. ' +
        'The other standard variables are read from the environment: OTEL_EXPORTER_OTLP_HEADERS, OTEL_EXPORTER_OTLP_TIMEOUT, ' +
        'OTEL_TRACES_SAMPLER, OTEL_TRACES_SAMPLER_ARG, OTEL_BSP_*, OTEL_RESOURCE_ATTRIBUTES.',
    ),
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: httpUrl.describe(
      'The full traces URL, used as is instead of `{OTEL_EXPORTER_OTLP_ENDPOINT}/v1/traces`.',
    ),
    OTEL_SERVICE_NAME: z.string().min(1).default('cyrene-gateway').describe('`service.name` of the spans.'),
    OTEL_SDK_DISABLED: flag(false).describe('`true`: no tracing even with an endpoint set.'),
  })
  .transform((env, ctx) => ({
    port: env.PORT,
    host: env.HOST,
    dataDir: path.resolve(env.DATA_DIR),
    /** Unset: the console of this checkout (see console/router.ts). */
    consoleDir: env.CONSOLE_DIR === undefined ? undefined : path.resolve(env.CONSOLE_DIR),
    databaseUrl: env.DATABASE_URL,
    adminUsername: env.ADMIN_USERNAME,
    adminPassword: env.ADMIN_PASSWORD,
    jwtSecret: env.JWT_SECRET,
    registrationEnabled: env.REGISTRATION_ENABLED,
    webhookKey: env.WEBHOOK_KEY,
    discordPublicKey: env.DISCORD_PUBLIC_KEY,
    aiCoreUrl: env.AI_CORE_URL,
    voiceServiceUrl: env.VOICE_SERVICE_URL,
    memoryServiceUrl: env.MEMORY_SERVICE_URL,
    /** A Voice-Service or speech-provider call that makes no progress this long is given up (502). */
    voiceTimeoutMs: env.VOICE_TIMEOUT_MS,
    /** Discord's API, where deferred interaction replies are delivered (configurable for tests). */
    discordApiBase: env.DISCORD_API_BASE ?? 'https://discord.com/api/v10',
    /** A Discord reply not ready this soon is deferred (type 5) and delivered by editing it later. */
    discordDeferMs: env.DISCORD_DEFER_MS,
    /** Knowledge URL documents may be fetched from loopback and private networks (an operator's choice). */
    knowledgeAllowPrivateUrls: env.KNOWLEDGE_ALLOW_PRIVATE_URLS,
    trustProxy: env.TRUST_PROXY,
    logLevel: env.LOG_LEVEL,
    accessTokenTtlSeconds: env.ACCESS_TOKEN_TTL_SECONDS,
    authRateLimitPerMinute: env.AUTH_RATE_LIMIT_PER_MINUTE,
    jsonBodyLimit: env.JSON_BODY_LIMIT,
    /** Most calls in one tRPC batch (larger: 400 before any runs). */
    trpcMaxBatchSize: env.TRPC_MAX_BATCH_SIZE,
    /** Image analyses and thumbnails run at once per instance. */
    imageConcurrency: env.IMAGE_CONCURRENCY,
    imageAnalysisTimeoutSeconds: env.IMAGE_ANALYSIS_TIMEOUT_SECONDS,
    /** WebSocket connections per user on one instance, and frames per second per connection. */
    wsMaxConnectionsPerUser: env.WS_MAX_CONNECTIONS_PER_USER,
    wsMaxFramesPerSecond: env.WS_MAX_FRAMES_PER_SECOND,
    /** WebSocket ping interval; a connection that missed one pong is closed. */
    wsHeartbeatMs: env.WS_HEARTBEAT_MS,
    /** A client whose unsent data exceeds this is dropped (close 1013) and may resume. */
    wsMaxBufferedBytes: env.WS_MAX_BUFFERED_BYTES,
    /** How often a running generation says its instance is alive; 3 missed beats end it as interrupted. */
    generationHeartbeatMs: env.GENERATION_HEARTBEAT_MS,
    /** How long stream frames are kept for resume. */
    streamRetentionMinutes: env.STREAM_RETENTION_MINUTES,
    /** How often the job runner looks for due work (reminders, schedules, briefings). */
    jobPollMs: env.JOB_POLL_MS,
    /** How long a job claim lasts without renewal: a dead instance's jobs are taken over after it. */
    jobLeaseMs: env.JOB_LEASE_MS,
    /** Jobs run at once by one instance. */
    jobConcurrency: env.JOB_CONCURRENCY,
    /** Work due at most this long ago counts as on time; older work follows its misfire policy. */
    jobMisfireGraceMs: env.JOB_MISFIRE_GRACE_MS,
    /** Automation http actions of non-admin users may reach loopback and private networks. */
    automationAllowPrivateUrls: env.AUTOMATION_ALLOW_PRIVATE_URLS,
    /** First delay before an http action is retried (doubling each time). */
    automationHttpRetryBaseMs: env.AUTOMATION_HTTP_RETRY_BASE_MS,
    /** A rule that starts more runs than this within the window is paused and its owner told. */
    automationRateLimit: env.AUTOMATION_RATE_LIMIT,
    automationRateWindowSeconds: env.AUTOMATION_RATE_WINDOW_SECONDS,
    /**
     * Briefing sources an operator configures. A URL alone answers JSON to a GET; with a model
     * it is an OpenAI-compatible base URL asked for JSON. Unset: that part of a briefing is empty.
     */
    briefingWeatherUrl: env.BRIEFING_WEATHER_URL,
    briefingWeatherModel: env.BRIEFING_WEATHER_MODEL,
    briefingNewsUrl: env.BRIEFING_NEWS_URL,
    briefingNewsModel: env.BRIEFING_NEWS_MODEL,
    briefingProviderApiKey: env.BRIEFING_PROVIDER_API_KEY,
    /** The place the weather is for (substituted for {location} in the weather URL). */
    briefingLocation: env.BRIEFING_LOCATION,
    /** Stored files in an S3-compatible bucket; undefined: the file system under DATA_DIR. */
    s3: s3Settings(env, ctx),
    /** Set: Prometheus metrics are kept and served at /metrics to this bearer token. */
    metricsToken: env.METRICS_TOKEN,
    /** Set: /metrics is served on this port instead of the main one. */
    metricsPort: env.METRICS_PORT,
    /** Set: spans are exported over OTLP/HTTP to this URL. */
    otlpTracesUrl: env.OTEL_SDK_DISABLED
      ? undefined
      : (env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ??
        (env.OTEL_EXPORTER_OTLP_ENDPOINT ? `${env.OTEL_EXPORTER_OTLP_ENDPOINT}/v1/traces` : undefined)),
    otelServiceName: env.OTEL_SERVICE_NAME,
  }));

export interface S3Settings {
  bucket: string;
  endpoint: string | undefined;
  region: string;
  /** Undefined: the SDK's default credential chain. */
  credentials: { accessKeyId: string; secretAccessKey: string } | undefined;
  forcePathStyle: boolean;
  /** '' or a prefix ending in '/'. */
  prefix: string;
}

function s3Settings(
  env: {
    S3_BUCKET?: string;
    S3_ENDPOINT?: string;
    S3_REGION: string;
    S3_ACCESS_KEY_ID?: string;
    S3_SECRET_ACCESS_KEY?: string;
    S3_FORCE_PATH_STYLE?: boolean;
    S3_PREFIX?: string;
  },
  ctx: z.RefinementCtx,
): S3Settings | undefined {
  if ((env.S3_ACCESS_KEY_ID === undefined) !== (env.S3_SECRET_ACCESS_KEY === undefined)) {
    ctx.addIssue({
      code: 'custom',
      path: [env.S3_ACCESS_KEY_ID === undefined ? 'S3_ACCESS_KEY_ID' : 'S3_SECRET_ACCESS_KEY'],
      message: 'must be set together with the other S3 key (or neither, for the default credential chain)',
    });
  }
  if (env.S3_BUCKET === undefined) return undefined;
  const prefix = env.S3_PREFIX ?? '';
  return {
    bucket: env.S3_BUCKET,
    endpoint: env.S3_ENDPOINT,
    region: env.S3_REGION,
    credentials:
      env.S3_ACCESS_KEY_ID && env.S3_SECRET_ACCESS_KEY
        ? { accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY }
        : undefined,
    forcePathStyle: env.S3_FORCE_PATH_STYLE ?? env.S3_ENDPOINT !== undefined,
    prefix: prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`,
  };
}

export type Config = z.output<typeof ConfigSchema>;

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses settings from an environment map; throws ConfigError naming each bad variable and why. */
export function parseConfig(env: Record<string, string | undefined>): Config {
  const result = ConfigSchema.safeParse(env);
  if (result.success && result.data.metricsPort !== undefined && result.data.metricsToken === undefined)
    throw new ConfigError(['METRICS_PORT: needs METRICS_TOKEN (metrics are off without it)']);
  if (result.success) return result.data;
  throw new ConfigError(result.error.issues.map((i) => `${i.path.join('.') || 'environment'}: ${i.message}`));
}
