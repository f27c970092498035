import { describe, expect, it } from 'vitest';
import { Role } from './principal';
import { hashToken, parseTokenFile, TokenRegistry } from './token-registry';

const entry = (id: string, role: string, patients: unknown): Record<string, unknown> => ({ id, role, patients });

describe(TokenRegistry.name, () => {
  it('should resolve a token by its sha256 and nothing else', () => {
    const sut = new TokenRegistry(new Map([[hashToken('s3cret'), { id: 'admin', role: Role.Admin, patients: '*' as const }]]));
    expect(sut.resolve('s3cret')).toMatchObject({ id: 'admin' });
    expect(sut.resolve('s3cret ')).toBeUndefined();
    expect(sut.resolve(hashToken('s3cret'))).toBeUndefined();
    expect(sut.resolve('')).toBeUndefined();
    expect(sut.resolve(undefined)).toBeUndefined();
  });

  it('should match the SHA-256 test vector of "abc" (FIPS 180-2 appendix B.1)', () => {
    expect(hashToken('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe(parseTokenFile.name, () => {
  it('should parse every role with its scope when the file is valid', () => {
    const sut = parseTokenFile(
      JSON.stringify({
        [hashToken('a')]: entry('patient:p-1', 'patient', ['p-1']),
        [hashToken('b')]: entry('clinician:ward-3', 'clinician', ['p-1', 'p-2']),
        [hashToken('c')]: entry('service:ehr', 'service', '*'),
      }),
    );
    expect(sut.size).toBe(3);
    expect(sut.resolve('b')).toEqual({ id: 'clinician:ward-3', role: Role.Clinician, patients: ['p-1', 'p-2'] });
    expect(sut.resolve('c')?.patients).toBe('*');
  });

  it.each([
    ['not JSON', '{', /not JSON/],
    ['an array', '[]', /must be an object/],
    ['a key that is not a sha256', JSON.stringify({ plaintext: entry('x', 'admin', '*') }), /entry 0: key must be/],
    ['an unknown role', JSON.stringify({ [hashToken('a')]: entry('x', 'root', '*') }), /entry 0\.role/],
    ['a patient with two patients', JSON.stringify({ [hashToken('a')]: entry('x', 'patient', ['p-1', 'p-2']) }), /entry 0\.patients: a patient/],
    ['a device for every patient', JSON.stringify({ [hashToken('a')]: entry('x', 'device', '*') }), /entry 0\.patients: a device/],
    ['a bad patient list', JSON.stringify({ [hashToken('a')]: entry('x', 'clinician', [1]) }), /entry 0\.patients/],
    ['a duplicate id', JSON.stringify({ [hashToken('a')]: entry('x', 'admin', '*'), [hashToken('b')]: entry('x', 'admin', '*') }), /entry 1\.id: duplicate/],
  ])('should refuse %s naming the entry', (_, json, message) => {
    expect(() => parseTokenFile(json)).toThrow(message);
  });

  it('should not echo patient ids or hashes when an entry is invalid', () => {
    const hash = hashToken('a');
    let message = '';
    try {
      parseTokenFile(JSON.stringify({ [hash]: entry('x', 'patient', ['p-secret', 'p-other']) }));
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).not.toBe('');
    expect(message).not.toContain('p-secret');
    expect(message).not.toContain(hash);
  });

  it('should refuse a token after its expiry and accept it before', () => {
    let now = Date.parse('2026-12-01T00:00:00Z');
    const sut = parseTokenFile(JSON.stringify({ [hashToken('a')]: { ...entry('service:feed', 'service', '*'), expires: '2026-12-02T00:00:00Z' } }), () => now);
    expect(sut.resolve('a')?.id).toBe('service:feed');
    now = Date.parse('2026-12-02T00:00:00Z');
    expect(sut.resolve('a')).toBeUndefined();
  });

  it('should refuse an expiry that is not an instant with a zone', () => {
    expect(() => parseTokenFile(JSON.stringify({ [hashToken('a')]: { ...entry('x', 'admin', '*'), expires: '2026-12-02' } }))).toThrow(/entry 0\.expires/);
  });

  it('should answer with the replacing table at once when the file is reloaded', () => {
    const sut = parseTokenFile(JSON.stringify({ [hashToken('a')]: entry('x', 'admin', '*') }));
    sut.replace(parseTokenFile(JSON.stringify({ [hashToken('b')]: entry('y', 'admin', '*') })));
    expect(sut.resolve('a')).toBeUndefined();
    expect(sut.resolve('b')?.id).toBe('y');
  });
});
