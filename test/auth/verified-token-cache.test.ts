import { SignJWT } from 'jose';
import type { Identity } from '../../src/auth/identity';
import { cacheVerifiedTokens } from '../../src/auth/verified-token-cache';

const identity: Identity = { tenant: 't', subject: 's', scopes: [], roles: [], via: { kind: 'jwt' } };
const secret = new TextEncoder().encode('x'.repeat(32));
const token = (expSeconds: number) => new SignJWT({ sub: 's' }).setProtectedHeader({ alg: 'HS256' }).setExpirationTime(expSeconds).sign(secret);

describe('verified token cache', () => {
  it('verifies a token once while it stays fresh, again after maxAge', async () => {
    let clock = 1_000_000_000_000;
    const verify = jest.fn(async () => identity);
    const cached = cacheVerifiedTokens(verify, { maxAgeMs: 60_000, now: () => clock });
    const t = await token(Math.floor(clock / 1000) + 3600);
    await cached(t);
    await cached(t);
    expect(verify).toHaveBeenCalledTimes(1);
    clock += 61_000;
    await cached(t);
    expect(verify).toHaveBeenCalledTimes(2);
  });

  it('never serves a token past its own expiry', async () => {
    let clock = 1_000_000_000_000;
    const verify = jest.fn(async () => identity);
    const cached = cacheVerifiedTokens(verify, { maxAgeMs: 60_000, now: () => clock });
    const t = await token(Math.floor(clock / 1000) + 10);
    await cached(t);
    clock += 11_000;
    verify.mockRejectedValueOnce(new Error('expired'));
    await expect(cached(t)).rejects.toThrow('expired');
  });

  it('does not remember refusals', async () => {
    const verify = jest.fn().mockRejectedValueOnce(new Error('bad')).mockResolvedValueOnce(identity);
    const cached = cacheVerifiedTokens(verify);
    const t = await token(Math.floor(Date.now() / 1000) + 3600);
    await expect(cached(t)).rejects.toThrow('bad');
    await expect(cached(t)).resolves.toBe(identity);
  });
});
