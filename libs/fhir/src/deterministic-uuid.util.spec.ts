import { describe, expect, it } from 'vitest';
import { canonicalJsonHash, deterministicUuid, SHUJI_NAMESPACE } from './deterministic-uuid.util';

describe(deterministicUuid.name, () => {
  it('should match the RFC 9562 v5 vector that Python documents: uuid5(NAMESPACE_DNS, "python.org")', () => {
    expect(deterministicUuid('python.org', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('886313e1-3b8a-5372-9b90-0c9aee199e5d');
  });

  it('should agree with Python uuid.uuid5 in the Shuji namespace', () => {
    // python3 -c "import uuid; print(uuid.uuid5(uuid.UUID('3f6c1e8a-5b7d-4c21-9a4e-2d8b0f71c9e5'), 'Observation/abc/_history/1'))"
    expect(deterministicUuid('Observation/abc/_history/1')).toBe('d05de44f-ef95-51a9-967f-35b6fe5a1f16');
    expect(SHUJI_NAMESPACE).toBe('3f6c1e8a-5b7d-4c21-9a4e-2d8b0f71c9e5');
  });

  it('should set version 5 and the RFC variant', () => {
    const id = deterministicUuid('anything');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('should refuse a namespace that is not a UUID', () => {
    expect(() => deterministicUuid('x', 'not-a-uuid')).toThrow(RangeError);
  });
});

describe(canonicalJsonHash.name, () => {
  it('should not depend on object key order but on values and array order', () => {
    expect(canonicalJsonHash({ a: 1, b: { c: [1, 2], d: 'x' } })).toBe(canonicalJsonHash({ b: { d: 'x', c: [1, 2] }, a: 1 }));
    expect(canonicalJsonHash({ a: [1, 2] })).not.toBe(canonicalJsonHash({ a: [2, 1] }));
    expect(canonicalJsonHash({ a: 1 })).not.toBe(canonicalJsonHash({ a: '1' }));
  });

  it('should ignore undefined fields as JSON does', () => {
    expect(canonicalJsonHash({ a: 1, b: undefined })).toBe(canonicalJsonHash({ a: 1 }));
  });
});
