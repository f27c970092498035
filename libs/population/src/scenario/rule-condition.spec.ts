import { describe, expect, it } from 'vitest';
import { holds, parseRuleCondition, type RuleCondition } from './rule-condition';

const parse = (text: string) => parseRuleCondition(text, ['sbp', 'bmi', 'age']) as RuleCondition;

describe(parseRuleCondition.name, () => {
  it('should parse comparisons joined by "and" when every variable is known', () => {
    expect(parse('sbp > 140 and bmi >= 30.5').clauses).toEqual([
      { variable: 'sbp', op: '>', value: 140 },
      { variable: 'bmi', op: '>=', value: 30.5 },
    ]);
  });

  it('should return a message when a variable is unknown or a clause is malformed', () => {
    expect(parseRuleCondition('sbpp > 1', ['sbp'])).toBe('unknown variable "sbpp" (known: sbp)');
    expect(parseRuleCondition('sbp >> 1', ['sbp'])).toMatch(/is not a comparison/);
    expect(parseRuleCondition('sbp > 1 or bmi > 2', ['sbp', 'bmi'])).toMatch(/is not a comparison/);
  });
});

describe(holds.name, () => {
  it('should hold only when every clause holds, at the boundary as the operator says', () => {
    const sut = parse('sbp > 140 and age <= 70');
    expect(holds(sut, { sbp: 141, age: 70 })).toBe(true);
    expect(holds(sut, { sbp: 140, age: 60 })).toBe(false);
    expect(holds(sut, { sbp: 150, age: 70.1 })).toBe(false);
    expect(holds(undefined, {})).toBe(true);
  });
});
