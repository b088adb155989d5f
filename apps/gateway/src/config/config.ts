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
    TRUST_PROXY: flag(false),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    ACCESS_TOKEN_TTL_SECONDS: positiveInt(2 * 60 * 60),
    AUTH_RATE_LIMIT_PER_MINUTE: positiveInt(5),
    JSON_BODY_LIMIT: z.string().default('2mb'),
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
    trustProxy: env.TRUST_PROXY,
    logLevel: env.LOG_LEVEL,
    accessTokenTtlSeconds: env.ACCESS_TOKEN_TTL_SECONDS,
    authRateLimitPerMinute: env.AUTH_RATE_LIMIT_PER_MINUTE,
    jsonBodyLimit: env.JSON_BODY_LIMIT,
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
