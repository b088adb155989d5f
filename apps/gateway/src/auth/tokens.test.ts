import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock/manual-clock';
import { TokenSigner } from './tokens';

const SECRET = new TextEncoder().encode('tokens-test-secret-tokens-test-secret-0');
const TTL_SECONDS = 60;
const ALICE = { userId: 'user_alice', username: 'alice', generation: '3' };

describe('TokenSigner: access tokens', () => {
  it('accepts the same token again and again while it is valid, and reports it expired after', async () => {
    const clock = new ManualClock(new Date('2026-01-01T00:00:00Z'));
    const signer = new TokenSigner(SECRET, clock, TTL_SECONDS);
    const { token, expires } = await signer.signAccess(ALICE, 'family-1', 'refresh-1');
    const claims = {
      userId: 'user_alice',
      username: 'alice',
      familyId: 'family-1',
      refreshJti: 'refresh-1',
      generation: '3',
      expires,
    };
    expect(await signer.verifyAccess(token)).toEqual({ ok: true, claims });
    clock.advance((TTL_SECONDS - 1) * 1000);
    expect(await signer.verifyAccess(token)).toEqual({ ok: true, claims });
    // Remembered or not, a token past its expiry is no longer accepted (refresh still reads it).
    clock.advance(1000);
    expect(await signer.verifyAccess(token)).toEqual({ ok: false, expired: claims });
    clock.advance(-1000);
    expect(await signer.verifyAccess(token)).toEqual({ ok: true, claims });
  });

  it('refuses a token changed by one character, after the genuine one was accepted', async () => {
    const signer = new TokenSigner(SECRET, new ManualClock(), TTL_SECONDS);
    const { token } = await signer.signAccess(ALICE, 'family-1', 'refresh-1');
    expect((await signer.verifyAccess(token)).ok).toBe(true);
    const last = token.at(-2) === 'A' ? 'B' : 'A';
    const forged = `${token.slice(0, -2)}${last}${token.at(-1)}`;
    expect(await signer.verifyAccess(forged)).toEqual({ ok: false });
  });

  it("refuses another secret's tokens and refresh tokens", async () => {
    const clock = new ManualClock();
    const signer = new TokenSigner(SECRET, clock, TTL_SECONDS);
    const other = new TokenSigner(
      new TextEncoder().encode('another-secret-another-secret-another'),
      clock,
      60,
    );
    expect(
      await signer.verifyAccess(
        (await other.signAccess({ userId: 'user_x', username: 'x', generation: '0' }, 'f', 'r')).token,
      ),
    ).toEqual({
      ok: false,
    });
    const refresh = await signer.signRefresh('user_alice', 'family-1', '3');
    expect(await signer.verifyAccess(refresh.token)).toEqual({ ok: false });
    expect(await signer.verifyRefresh(refresh.token)).toMatchObject({
      userId: 'user_alice',
      jti: refresh.jti,
      generation: '3',
    });
  });
});

describe('TokenSigner: tokens without exp', () => {
  it('refuses a correctly signed access or refresh token that carries no exp', async () => {
    const signer = new TokenSigner(SECRET, new ManualClock(), TTL_SECONDS);
    const endless = (claims: Record<string, string>) =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('user_alice')
        .setIssuer('cyrene-gateway')
        .setIssuedAt()
        .sign(SECRET);
    const access = await endless({ typ: 'access', name: 'alice', fam: 'family-1', rt: 'refresh-1' });
    expect(await signer.verifyAccess(access)).toEqual({ ok: false });
    const refresh = await endless({ typ: 'refresh', fam: 'family-1', jti: 'refresh-1' });
    expect(await signer.verifyRefresh(refresh)).toBeUndefined();
  });
});
