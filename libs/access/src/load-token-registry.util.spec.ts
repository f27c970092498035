import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEV_ADMIN_ID, loadTokenRegistry } from './load-token-registry.util';
import { hashToken } from './token-registry';

const dirs: string[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'shuji-access-'));
  dirs.push(d);
  return d;
}

afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe(loadTokenRegistry.name, () => {
  it('should read the configured token file when one is set', () => {
    const dir = tempDir();
    const file = join(dir, 'tokens.json');
    writeFileSync(file, JSON.stringify({ [hashToken('t')]: { id: 'svc', role: 'service', patients: '*' } }));
    const sut = loadTokenRegistry({ tokensFile: file, dataDir: dir, production: true });
    expect(sut.devTokenFile).toBeUndefined();
    expect(sut.registry.resolve('t')?.id).toBe('svc');
  });

  it('should refuse to start in production when no token file is set', () => {
    expect(() => loadTokenRegistry({ tokensFile: undefined, dataDir: tempDir(), production: true })).toThrow(/SHUJI_ACCESS_TOKENS_FILE must be set/);
  });

  it('should refuse an unreadable or empty token file', () => {
    const dir = tempDir();
    expect(() => loadTokenRegistry({ tokensFile: join(dir, 'missing.json'), dataDir: dir, production: false })).toThrow(/cannot read/);
    writeFileSync(join(dir, 'empty.json'), '{}');
    expect(() => loadTokenRegistry({ tokensFile: join(dir, 'empty.json'), dataDir: dir, production: false })).toThrow(/grants no token/);
  });

  it('should create one private development admin token and keep it across starts when no file is set', () => {
    const dir = tempDir();
    const first = loadTokenRegistry({ tokensFile: undefined, dataDir: dir, production: false });
    const token = readFileSync(first.devTokenFile!, 'utf8').trim();
    expect(token.length).toBeGreaterThanOrEqual(43); // 32 random bytes, base64url
    expect(statSync(first.devTokenFile!).mode & 0o777).toBe(0o600);
    expect(first.registry.resolve(token)).toEqual({ id: DEV_ADMIN_ID, role: 'admin', patients: '*' });
    const again = loadTokenRegistry({ tokensFile: undefined, dataDir: dir, production: false });
    expect(again.registry.resolve(token)?.id).toBe(DEV_ADMIN_ID);
  });
});
