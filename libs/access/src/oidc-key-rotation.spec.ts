import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { remoteOidcVerifier } from './oidc-token-verifier';

const ISSUER = 'https://idp.example.org';
const AUDIENCE = 'shuji';
const COOLDOWN_MS = 500;

/** An issuer's JWKS endpoint on 127.0.0.1 whose keys the test rotates, counting fetches. */
let keys: JWK[] = [];
let fetches = 0;
let server: Server;
let jwksUrl: string;

beforeAll(async () => {
  server = createServer((_, res) => {
    fetches += 1;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ keys }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function keyPair(kid: string): Promise<{ sign: CryptoKey; jwk: JWK }> {
  const pair = await generateKeyPair('RS256');
  return { sign: pair.privateKey, jwk: { ...(await exportJWK(pair.publicKey)), kid, alg: 'RS256' } };
}

const token = (key: CryptoKey, kid: string): Promise<string> =>
  new SignJWT({ scope: 'system/*.rs' }).setProtectedHeader({ alg: 'RS256', kid }).setIssuer(ISSUER).setAudience(AUDIENCE).setSubject('feed').setExpirationTime('5m').sign(key);

describe(remoteOidcVerifier.name, () => {
  it("should take a rotated key without a restart, fetching the issuer's JWKS again only for an unknown key id", async () => {
    const first = await keyPair('2026-1');
    const second = await keyPair('2026-2');
    const [oldToken, newToken] = [await token(first.sign, '2026-1'), await token(second.sign, '2026-2')];
    keys = [first.jwk];
    const sut = remoteOidcVerifier(ISSUER, AUDIENCE, jwksUrl, COOLDOWN_MS);
    expect(await sut.verify(oldToken)).toMatchObject({ id: 'oidc:feed' });
    expect(await sut.verify(oldToken)).toBeDefined();
    expect(fetches).toBe(1);

    // the issuer rotates: new key published, old one retired
    keys = [second.jwk];
    // within the cooldown of the last fetch the new key id is not looked up yet
    expect(await sut.verify(newToken)).toBeUndefined();
    expect(fetches).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, COOLDOWN_MS + 50));
    expect(await sut.verify(newToken)).toMatchObject({ id: 'oidc:feed' });
    expect(fetches).toBe(2);
    expect(await sut.verify(oldToken)).toBeUndefined();
  });

  it('should refuse a token whose key the issuer does not publish', async () => {
    const published = await keyPair('k-1');
    const rogue = await keyPair('k-1');
    keys = [published.jwk];
    const sut = remoteOidcVerifier(ISSUER, AUDIENCE, jwksUrl, COOLDOWN_MS);
    expect(await sut.verify(await token(rogue.sign, 'k-1'))).toBeUndefined();
    expect(await sut.verify(await token(rogue.sign, 'k-9'))).toBeUndefined();
  });
});
