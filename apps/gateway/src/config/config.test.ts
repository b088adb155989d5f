import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './config';
import { loadConfig } from './load-env';

describe('configuration', () => {
  it('has the defaults of the spec README', () => {
    const config = parseConfig({});
    expect(config).toMatchObject({
      port: 8080,
      host: '0.0.0.0',
      dataDir: path.resolve('./data'),
      databaseUrl: undefined,
      adminUsername: 'admin',
      adminPassword: undefined,
      registrationEnabled: false,
      trustProxy: false,
    });
  });

  it('stops the start on an ADMIN_PASSWORD shorter than 12 characters, saying so', () => {
    expect(() => parseConfig({ ADMIN_PASSWORD: 'change-me' })).toThrow(ConfigError);
    expect(() => parseConfig({ ADMIN_PASSWORD: 'elevenchars' })).toThrow(
      'ADMIN_PASSWORD: must be at least 12 characters (or unset, to refuse admin login)',
    );
    expect(parseConfig({ ADMIN_PASSWORD: 'twelve-chars' }).adminPassword).toBe('twelve-chars');
    // Characters, not bytes: twelve CJK characters are enough.
    expect(parseConfig({ ADMIN_PASSWORD: '管理员密码十二个字符长度' }).adminPassword).toHaveLength(12);
    expect(parseConfig({ ADMIN_PASSWORD: '' }).adminPassword).toBeUndefined();
  });

  it('reads flags as words, not as truthy strings', () => {
    expect(parseConfig({ REGISTRATION_ENABLED: 'false' }).registrationEnabled).toBe(false);
    expect(parseConfig({ REGISTRATION_ENABLED: 'true' }).registrationEnabled).toBe(true);
  });

  it('keeps files on the file system unless S3_BUCKET is set', () => {
    expect(parseConfig({}).s3).toBeUndefined();
    expect(parseConfig({ S3_ENDPOINT: 'http://minio:9000' }).s3).toBeUndefined();
  });

  it('reads the S3 settings: AWS defaults, path style with an endpoint, the prefix as a folder', () => {
    expect(parseConfig({ S3_BUCKET: 'files' }).s3).toEqual({
      bucket: 'files',
      endpoint: undefined,
      region: 'us-east-1',
      credentials: undefined,
      forcePathStyle: false,
      prefix: '',
    });
    expect(
      parseConfig({
        S3_BUCKET: 'files',
        S3_ENDPOINT: 'http://minio:9000/',
        S3_REGION: 'garage',
        S3_ACCESS_KEY_ID: 'id',
        S3_SECRET_ACCESS_KEY: 'secret',
        S3_PREFIX: 'cyrene',
      }).s3,
    ).toEqual({
      bucket: 'files',
      endpoint: 'http://minio:9000',
      region: 'garage',
      credentials: { accessKeyId: 'id', secretAccessKey: 'secret' },
      forcePathStyle: true,
      prefix: 'cyrene/',
    });
    const virtualHosted = { S3_BUCKET: 'f', S3_ENDPOINT: 'https://r2.example', S3_FORCE_PATH_STYLE: 'false' };
    expect(parseConfig(virtualHosted).s3?.forcePathStyle).toBe(false);
  });

  it('refuses one S3 key without the other, and a prefix starting with /', () => {
    expect(() => parseConfig({ S3_BUCKET: 'f', S3_ACCESS_KEY_ID: 'id' })).toThrow(
      'S3_SECRET_ACCESS_KEY: must be set together with the other S3 key',
    );
    expect(() => parseConfig({ S3_BUCKET: 'f', S3_PREFIX: '/x' })).toThrow(
      'S3_PREFIX: must not start with /',
    );
  });

  it('names every invalid variable and why', () => {
    const attempt = () =>
      parseConfig({
        PORT: 'eighty',
        REGISTRATION_ENABLED: 'maybe',
        AI_CORE_URL: 'ftp://x',
        JWT_SECRET: 'short',
      });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (e) {
      const problems = (e as ConfigError).problems;
      expect(problems).toEqual(
        expect.arrayContaining([
          'PORT: must be a port number 0-65535',
          'REGISTRATION_ENABLED: must be true or false',
          'AI_CORE_URL: must be an http(s) URL',
          expect.stringMatching(/^JWT_SECRET: must be at least 32 characters/),
        ]),
      );
    }
  });

  it('turns observability on by its settings, and refuses a metrics port without a token', () => {
    expect(parseConfig({})).toMatchObject({ metricsToken: undefined, otlpTracesUrl: undefined });
    expect(parseConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318/' }).otlpTracesUrl).toBe(
      'http://collector:4318/v1/traces',
    );
    const both = {
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://b/t',
    };
    expect(parseConfig(both).otlpTracesUrl).toBe('http://b/t');
    expect(parseConfig({ ...both, OTEL_SDK_DISABLED: 'true' }).otlpTracesUrl).toBeUndefined();
    expect(() => parseConfig({ METRICS_PORT: '9464' })).toThrow(
      'METRICS_PORT: needs METRICS_TOKEN (metrics are off without it)',
    );
    expect(parseConfig({ METRICS_PORT: '9464', METRICS_TOKEN: 'x' }).metricsPort).toBe(9464);
  });

  it('reads .env, and the environment wins over it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'cyrene-env-'));
    writeFileSync(path.join(dir, '.env'), 'PORT=9001\nADMIN_USERNAME=root\n');
    const config = loadConfig(dir, { ADMIN_USERNAME: 'boss' });
    expect(config.port).toBe(9001);
    expect(config.adminUsername).toBe('boss');
  });
});
