/** One case's `NNNNN-settings.txt` of the SBML Test Suite (sbml-test-suite docs, "cases/README"). */
export interface SuiteSettings {
  /** A flux-balance case's settings leave start, duration and steps empty: one steady state, no time course. */
  readonly steadyState: boolean;
  readonly start: number;
  readonly duration: number;
  readonly steps: number;
  readonly variables: readonly string[];
  readonly absolute: number;
  readonly relative: number;
  readonly amount: readonly string[];
  readonly concentration: readonly string[];
}

function list(raw: string | undefined): string[] {
  return (raw ?? '').split(',').map((s) => s.trim()).filter((s) => s.length > 0);
}

export function parseSuiteSettings(text: string): SuiteSettings {
  const fields = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*([A-Za-z]+)\s*:\s*(.*)$/.exec(line);
    if (m) fields.set(m[1].toLowerCase(), m[2].trim());
  }
  const number = (key: string, fallback?: number): number => {
    const raw = fields.get(key);
    const value = raw === undefined || raw === '' ? fallback : Number(raw);
    if (value === undefined || Number.isNaN(value)) throw new Error(`settings: "${key}" is missing or not a number`);
    return value;
  };
  const steadyState = !fields.get('duration') && !fields.get('steps');
  return {
    steadyState,
    start: number('start', 0),
    duration: steadyState ? 0 : number('duration'),
    steps: steadyState ? 0 : number('steps'),
    variables: list(fields.get('variables')),
    absolute: number('absolute'),
    relative: number('relative'),
    amount: list(fields.get('amount')),
    concentration: list(fields.get('concentration')),
  };
}

/** `componentTags:` and `testTags:` from the case's `NNNNN-model.m` header. */
export function parseSuiteTags(modelM: string): { componentTags: string[]; testTags: string[] } {
  // Blanks only within the line: an empty `testTags:` must not read the next header line as its tags.
  const read = (key: string): string[] => list(new RegExp(`^[ \\t]*${key}:[ \\t]*(.*)$`, 'm').exec(modelM)?.[1]);
  return { componentTags: read('componentTags'), testTags: read('testTags') };
}
