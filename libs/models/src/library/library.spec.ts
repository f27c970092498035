import { describe, expect, it } from 'vitest';
import { compileModel } from '../spec/compile';
import { LIBRARY_REGISTRATIONS } from './index';

describe('LIBRARY_REGISTRATIONS', () => {
  it('should have unique kebab-case ids', () => {
    const ids = LIBRARY_REGISTRATIONS.map((r) => r.spec.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  for (const { spec } of LIBRARY_REGISTRATIONS) {
    describe(spec.id, () => {
      it('should cite its source and give units, defaults inside their ranges and well-formed LOINC codes', () => {
        expect(spec.citations.length).toBeGreaterThan(0);
        for (const c of spec.citations) expect(c.reference.length).toBeGreaterThan(20);
        for (const s of spec.states) expect(s.unit).not.toBe('');
        for (const p of spec.parameters) {
          expect(p.unit, p.name).not.toBe('');
          expect(Number.isFinite(p.default), p.name).toBe(true);
          if (p.range !== undefined) {
            expect(p.default, p.name).toBeGreaterThanOrEqual(p.range[0]);
            expect(p.default, p.name).toBeLessThanOrEqual(p.range[1]);
          }
        }
        for (const o of spec.outputs ?? []) if (o.loinc !== undefined) expect(o.loinc).toMatch(/^\d{1,7}-\d$/);
      });

      it('should compile to a finite right-hand side at the default initial state', () => {
        const model = compileModel(spec);
        const p = model.defaultParameters();
        const y = model.initialState(p);
        const dy = new Float64Array(y.length);
        model.f.rhs(0, y, p, model.defaultInputs(), dy);
        for (const v of [...y, ...dy]) expect(Number.isFinite(v)).toBe(true);
      });
    });
  }
});
