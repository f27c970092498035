import { describe, expect, it } from 'vitest';
import { firstMismatch, parseResultsCsv, withinTolerance } from './suite-results.util';
import { parseSuiteSettings, parseSuiteTags } from './suite-settings.util';

describe(withinTolerance.name, () => {
  it('should accept exactly up to absolute + relative·|expected| when comparing a point', () => {
    expect(withinTolerance(100, 100 + 1e-3 + 1e-2 - 1e-12, 1e-3, 1e-4)).toBe(true);
    expect(withinTolerance(100, 100 + 1e-3 + 1e-2 + 1e-9, 1e-3, 1e-4)).toBe(false);
    expect(withinTolerance(NaN, NaN, 0, 0)).toBe(true);
    expect(withinTolerance(Infinity, 1e308, 1, 1)).toBe(false);
  });
});

describe(firstMismatch.name, () => {
  it('should name the first column and time that miss when one value is perturbed', () => {
    const expected = parseResultsCsv('time,S1,S2\n0,1,2\n1,0.5,2.5\n');
    const actual = { time: [0, 1], columns: ['S2', 'S1'], values: [[2, 1], [2.5, 0.5001]] };
    expect(firstMismatch(expected, actual, 1e-7, 1e-4)).toEqual({ column: 'S1', time: 1, expected: 0.5, actual: 0.5001 });
    expect(firstMismatch(expected, actual, 1e-7, 1e-3)).toBeUndefined();
  });
});

describe(parseSuiteSettings.name, () => {
  it('should read the fields of a settings file when lists are empty', () => {
    const sut = parseSuiteSettings('start: 0\nduration: 5\nsteps: 50\nvariables: S1, S2\nabsolute: 1.000000e-007\nrelative: 0.0001\namount: S1, S2\nconcentration: \n');
    expect(sut).toEqual({ steadyState: false, start: 0, duration: 5, steps: 50, variables: ['S1', 'S2'], absolute: 1e-7, relative: 1e-4, amount: ['S1', 'S2'], concentration: [] });
  });

  it('should read a flux-balance case as a steady state when start, duration and steps are empty', () => {
    const sut = parseSuiteSettings('start:\nduration:\nsteps:\nvariables: R01,OBJF\nabsolute: 0.001\nrelative: 0.001\namount: \nconcentration: \n');
    expect(sut).toMatchObject({ steadyState: true, duration: 0, steps: 0, variables: ['R01', 'OBJF'], absolute: 0.001 });
  });

  it('should read component and test tags from a model.m header', () => {
    expect(parseSuiteTags('(*\ncomponentTags: Compartment, Species \ntestTags:      Amount, NonUnityStoichiometry\n*)')).toEqual({
      componentTags: ['Compartment', 'Species'],
      testTags: ['Amount', 'NonUnityStoichiometry'],
    });
  });

  it('should read no test tags when the testTags line is empty, not the next header line', () => {
    expect(parseSuiteTags('(*\ncomponentTags: Compartment, Species\ntestTags:\ntestType:      TimeCourse\n*)')).toEqual({
      componentTags: ['Compartment', 'Species'],
      testTags: [],
    });
  });
});
