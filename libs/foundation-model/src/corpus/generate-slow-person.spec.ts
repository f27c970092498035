import { describe, expect, it } from 'vitest';
import { AMLODIPINE } from '@shuji/models';
import { randomStream } from '@shuji/stats';
import { generateBloodPressurePerson, generateInrPerson } from './generate-slow-person';

const logSd = (xs: number[]): number => {
  const l = xs.map(Math.log);
  const m = l.reduce((a, b) => a + b, 0) / l.length;
  return Math.sqrt(l.reduce((a, b) => a + (b - m) ** 2, 0) / (l.length - 1));
};

describe('slow corpus persons', () => {
  it('should keep the v2/v3 corpus persons unchanged without `iiv` (no random effects drawn)', () => {
    const bp = generateBloodPressurePerson(randomStream(7), 60);
    expect(Object.keys(bp.about).sort()).toEqual(['SBP0', 'firstMg', 'startDay', 'titrateDay']);
    expect(generateBloodPressurePerson(randomStream(7), 60)).toEqual(bp);
    expect(generateInrPerson(randomStream(7), 30).about).not.toHaveProperty('CL11');
  });

  it('should give blood-pressure persons the amlodipine model’s spread of CL/F and sensitivity with `iiv`', () => {
    const people = Array.from({ length: 60 }, (_, i) => generateBloodPressurePerson(randomStream(100 + i), 40, { iiv: true }).about);
    const cl = people.map((p) => Number(p.CL));
    expect(logSd(cl)).toBeGreaterThan(0.25);
    expect(logSd(cl)).toBeLessThan(0.55);
    expect(Math.exp(cl.map(Math.log).reduce((a, b) => a + b, 0) / cl.length) / AMLODIPINE.clL_h).toBeGreaterThan(0.8);
    expect(logSd(people.map((p) => Number(p.sensitivity)))).toBeGreaterThan(0.25);
  });

  it('should give INR persons Hamberg 2007’s spread of clearance and EC50 with `iiv`, and a response that varies with it', () => {
    const people = Array.from({ length: 40 }, (_, i) => generateInrPerson(randomStream(200 + i), 20, { iiv: true }));
    expect(logSd(people.map((p) => Number(p.about.CL11)))).toBeGreaterThan(0.35); // √0.310 = 0.56
    expect(logSd(people.map((p) => Number(p.about.EC50)))).toBeGreaterThan(0.4); // √0.409 = 0.64, plus genotypes
    const inr = people.flatMap((p) => p.observations.filter((o) => o.c === '6301-6').map((o) => o.v));
    expect(Math.max(...inr) - Math.min(...inr)).toBeGreaterThan(0.5);
  });
});
