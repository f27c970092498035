import { uvaPadovaSubjects } from '@shuji/models';
import { describe, expect, it } from 'vitest';
import { AGE_GROUPS, ageGroupOf, cohortMembers, subjectRoles, subjectsOf } from './subject-split';

describe(subjectRoles.name, () => {
  it('should give every one of the 30 subjects exactly one role', () => {
    const sut = subjectRoles();
    expect(sut.size).toBe(30);
    expect(uvaPadovaSubjects().every((s) => sut.has(s.name))).toBe(true);
  });

  it.each(AGE_GROUPS)('should split the %s group 5 / 2 / 3', (group) => {
    expect([subjectsOf('tuning', group).length, subjectsOf('regression', group).length, subjectsOf('sealed', group).length]).toEqual([5, 2, 3]);
  });

  it('should keep the roles disjoint', () => {
    const [t, r, s] = (['tuning', 'regression', 'sealed'] as const).map((role) => new Set(subjectsOf(role)));
    for (const name of r) expect(t.has(name) || s.has(name)).toBe(false);
    for (const name of s) expect(t.has(name)).toBe(false);
  });

  it('should stay the split the sealed figures were measured on', () => {
    // pinned: a change here unseals the sealed cohort (docs/validation.md, issue 14)
    expect(subjectsOf('regression')).toEqual(['adolescent#004', 'adolescent#005', 'adult#004', 'adult#005', 'child#002', 'child#009']);
    expect(subjectsOf('sealed')).toEqual(['adolescent#002', 'adolescent#008', 'adolescent#009', 'adult#001', 'adult#003', 'adult#010', 'child#003', 'child#005', 'child#010']);
  });
});

describe(cohortMembers.name, () => {
  it('should draw every member around a subject of its own role', () => {
    const sut = cohortMembers('sealed', 2);
    expect(sut).toHaveLength(18);
    const sealed = new Set(subjectsOf('sealed'));
    for (const m of sut) {
      expect(sealed.has(m.baseSubject)).toBe(true);
      expect(uvaPadovaSubjects()[m.subjectIndex].name).toBe(m.baseSubject);
    }
  });

  it('should refuse a non-positive count per subject', () => {
    expect(() => cohortMembers('tuning', 0)).toThrow(/perSubject/);
  });
});

describe(ageGroupOf.name, () => {
  it('should read the group from the subject name and refuse another name', () => {
    expect(ageGroupOf('child#007')).toBe('child');
    expect(() => ageGroupOf('virtual#000001')).toThrow(/not a UVA\/Padova subject/);
  });
});
