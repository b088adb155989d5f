import { describe, expect, it } from 'vitest';
import { capturedLogger } from '../testing/captured-logger';
import { maskApiKey, openProviderKey, ProviderKeyCipher } from './provider-key-cipher';

const secret = (s: string) => new TextEncoder().encode(s);

describe('ProviderKeyCipher', () => {
  const cipher = new ProviderKeyCipher(secret('server-secret-one'));

  it('round-trips, with a fresh nonce each time', () => {
    const a = cipher.encrypt('sk-abc');
    const b = cipher.encrypt('sk-abc');
    expect(a).not.toBe(b);
    expect(a).toMatch(/^v1\./);
    expect(cipher.decrypt(a)).toBe('sk-abc');
    expect(cipher.decrypt(b)).toBe('sk-abc');
  });

  it('keeps "no key" as ""', () => {
    expect(cipher.encrypt('')).toBe('');
    expect(cipher.decrypt('')).toBe('');
  });

  it('refuses a value sealed under another secret, or altered', () => {
    const sealed = new ProviderKeyCipher(secret('server-secret-two')).encrypt('sk-abc');
    expect(() => cipher.decrypt(sealed)).toThrow();
    const mine = cipher.encrypt('sk-abc');
    const flipped = `${mine.slice(0, -2)}${mine.endsWith('A') ? 'B' : 'A'}${mine.slice(-1)}`;
    expect(() => cipher.decrypt(flipped)).toThrow();
    expect(() => cipher.decrypt('v0.abc')).toThrow('unknown provider key format');
  });

  it('openProviderKey gives "" for an unreadable key and logs only the provider', () => {
    const { log, lines } = capturedLogger();
    const sealed = new ProviderKeyCipher(secret('server-secret-two')).encrypt('sk-secret-value-1234');
    expect(openProviderKey(cipher, log, 'openai', sealed)).toBe('');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('"provider":"openai"');
    expect(lines[0]).not.toContain('sk-secret-value-1234');
  });
});

describe('maskApiKey', () => {
  it.each([
    ['sk-live-0123456789abcdef3456', 'sk-…3456'],
    ['abcdefghijkl', 'abc…ijkl'],
    ['abcdefghijk', '…'],
    ['', ''],
  ])('%s → %s', (key, masked) => {
    expect(maskApiKey(key)).toBe(masked);
  });
});
