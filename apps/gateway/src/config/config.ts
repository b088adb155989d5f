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

const port = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v === '' ? 8080 : Number(v)))
  .refine((v) => Number.isInteger(v) && v >= 0 && v <= 65535, 'must be a port number 0-65535');

const positiveInt = (fallback: number) =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v === '' ? fallback : Number(v)))
    .refine((v) => Number.isInteger(v) && v > 0, 'must be a positive integer');

/**
 * Every setting of the gateway, read from the environment (and `.env`).
 * The table in shared/spec/README.md is the source; names are the environment variables.
 */
export const ConfigSchema = z
  .object({
    PORT: port,
    HOST: z.string().min(1).default('0.0.0.0'),
    DATA_DIR: z.string().min(1).default('./data'),
    DATABASE_URL: optionalString.refine(
      (v) => v === undefined || /^postgres(ql)?:\/\//.test(v),
      'must start with postgres:// or postgresql://',
    ),
    ADMIN_USERNAME: z.string().min(1).default('admin'),
    ADMIN_PASSWORD: optionalString,
    JWT_SECRET: optionalString.refine(
      (v) => v === undefined || v.length >= 32,
      'must be at least 32 characters (or unset, to generate one in DATA_DIR)',
    ),
    REGISTRATION_ENABLED: flag(false),
    WEBHOOK_KEY: optionalString,
    DISCORD_PUBLIC_KEY: optionalString.refine(
      (v) => v === undefined || /^[0-9a-f]{64}$/i.test(v),
      'must be 64 hex characters (an Ed25519 public key)',
    ),
    AI_CORE_URL: httpUrl,
    VOICE_SERVICE_URL: httpUrl,
    MEMORY_SERVICE_URL: httpUrl,
    VOICE_TIMEOUT_MS: positiveInt(30_000),
    DISCORD_API_BASE: httpUrl,
    DISCORD_DEFER_MS: positiveInt(2_500),
    KNOWLEDGE_ALLOW_PRIVATE_URLS: flag(false),
    TRUST_PROXY: flag(false),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    ACCESS_TOKEN_TTL_SECONDS: positiveInt(2 * 60 * 60),
    AUTH_RATE_LIMIT_PER_MINUTE: positiveInt(5),
    JSON_BODY_LIMIT: z.string().default('2mb'),
    WS_HEARTBEAT_MS: positiveInt(30_000),
    WS_MAX_BUFFERED_BYTES: positiveInt(4 * 1024 * 1024),
    GENERATION_HEARTBEAT_MS: positiveInt(5_000),
    STREAM_RETENTION_MINUTES: positiveInt(30),
    JOB_POLL_MS: positiveInt(1_000),
    JOB_LEASE_MS: positiveInt(60_000),
    JOB_CONCURRENCY: positiveInt(8),
    JOB_MISFIRE_GRACE_MS: positiveInt(60_000),
    AUTOMATION_ALLOW_PRIVATE_URLS: flag(false),
    AUTOMATION_HTTP_RETRY_BASE_MS: positiveInt(1_000),
    AUTOMATION_RATE_LIMIT: positiveInt(30),
    AUTOMATION_RATE_WINDOW_SECONDS: positiveInt(60),
    BRIEFING_WEATHER_URL: httpUrl,
    BRIEFING_WEATHER_MODEL: optionalString,
    BRIEFING_NEWS_URL: httpUrl,
    BRIEFING_NEWS_MODEL: optionalString,
    BRIEFING_PROVIDER_API_KEY: optionalString,
    BRIEFING_LOCATION: optionalString,
  })
  .transform((env) => ({
    port: env.PORT,
    host: env.HOST,
    dataDir: path.resolve(env.DATA_DIR),
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
  }));

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
  if (result.success) return result.data;
  throw new ConfigError(result.error.issues.map((i) => `${i.path.join('.') || 'environment'}: ${i.message}`));
}
