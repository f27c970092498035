/**
 * The `when` of a policy rule: comparisons of a person's variables with numbers, joined by `and`, e.g.
 * `sbp > 140`, `bmi >= 30 and age < 70`. Parsed once at validation, so a rule naming a variable the program
 * does not know is refused before anything runs.
 */

export type Comparison = '<' | '<=' | '>' | '>=' | '==' | '!=';

export interface ConditionClause {
  readonly variable: string;
  readonly op: Comparison;
  readonly value: number;
}

export interface RuleCondition {
  readonly text: string;
  readonly clauses: readonly ConditionClause[];
}

const CLAUSE = /^([A-Za-z_][A-Za-z0-9_]*)\s*(<=|>=|==|!=|<|>)\s*(-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)$/;

/** Returns the parsed condition, or a message naming what is wrong (the caller prefixes the field). */
export function parseRuleCondition(text: string, variables: readonly string[]): RuleCondition | string {
  const parts = text.trim().split(/\s+and\s+/);
  const clauses: ConditionClause[] = [];
  for (const part of parts) {
    const match = CLAUSE.exec(part.trim());
    if (match === null) return `"${part.trim()}" is not a comparison like "sbp > 140" (clauses are joined by "and")`;
    const [, variable, op, value] = match;
    if (!variables.includes(variable)) return `unknown variable "${variable}" (known: ${variables.join(', ')})`;
    clauses.push({ variable, op: op as Comparison, value: Number(value) });
  }
  return { text, clauses };
}

export function holds(condition: RuleCondition | undefined, values: Readonly<Record<string, number>>): boolean {
  if (condition === undefined) return true;
  return condition.clauses.every(({ variable, op, value }) => {
    const x = values[variable];
    switch (op) {
      case '<':
        return x < value;
      case '<=':
        return x <= value;
      case '>':
        return x > value;
      case '>=':
        return x >= value;
      case '==':
        return x === value;
      case '!=':
        return x !== value;
    }
  });
}
