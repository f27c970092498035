import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SbmlError, SbmlErrorCode, UnsupportedSbmlError } from '../errors/sbml-error';
import { importSbml } from '../import/import-sbml';
import { simulateSbml } from '../simulate/simulate-sbml';
import { readFluxBalance, solveFluxBalance, type FluxBalanceSolution, type LpSolver } from '../fbc/flux-balance';
import { firstMismatch, parseResultsCsv, withinTolerance, type ResultsTable } from './suite-results.util';
import { parseSuiteSettings, parseSuiteTags } from './suite-settings.util';

export type CaseStatus = 'pass' | 'fail' | 'unsupported';

export interface CaseResult {
  readonly id: string;
  readonly status: CaseStatus;
  readonly reason?: string;
  readonly componentTags: readonly string[];
  readonly testTags: readonly string[];
  readonly ms: number;
}

export interface TagCount {
  pass: number;
  fail: number;
  unsupported: number;
}

export interface SuiteReport {
  readonly total: number;
  readonly passed: number;
  readonly failed: number;
  readonly unsupported: number;
  readonly cases: Record<string, CaseStatus>;
  readonly reasons: Record<string, string>;
  readonly componentTags: Record<string, TagCount>;
  readonly testTags: Record<string, TagCount>;
}

export interface RunSuiteOptions {
  /** LP solver for flux-balance cases (npm `highs`); without one they are reported unsupported. */
  readonly lp?: LpSolver;
  /**
   * Which of a case's files to read, in order of preference (default: L3V2, else L3V1). `['l3v1']` reads only
   * the Level 3 version 1 files: a cross-check of the L3V1 reader on cases that also ship L3V2.
   */
  readonly files?: readonly SuiteFileLevel[];
}

export type SuiteFileLevel = 'l3v2' | 'l3v1';

/** The levels a `--level` option may name, checked once at the edge. */
export function parseSuiteFileLevels(text: string): SuiteFileLevel[] {
  const levels = text.split(',').filter(Boolean);
  const bad = levels.filter((l) => l !== 'l3v2' && l !== 'l3v1');
  if (levels.length === 0 || bad.length > 0) throw new Error(`--level must list l3v2 and/or l3v1, got "${text}"`);
  return levels as SuiteFileLevel[];
}

/** Run one SBML Test Suite case directory (`NNNNN/`) on its Level 3 version 2 model, else its version 1 model (or `options.files`). */
export function runSuiteCase(caseDir: string, id: string, options: RunSuiteOptions = {}): CaseResult {
  const t0 = performance.now();
  const file = (suffix: string): string => join(caseDir, `${id}-${suffix}`);
  const tags = existsSync(file('model.m')) ? parseSuiteTags(readFileSync(file('model.m'), 'utf8')) : { componentTags: [], testTags: [] };
  const done = (status: CaseStatus, reason?: string): CaseResult => ({ id, status, reason, ...tags, ms: performance.now() - t0 });
  const levels = options.files ?? ['l3v2', 'l3v1'];
  const xmlPath = levels.map((level) => file(`sbml-${level}.xml`)).find((p) => existsSync(p));
  if (!xmlPath && options.files) return done('unsupported', `the case ships no ${levels.join(' or ')} file`);
  if (!xmlPath) {
    const levels = existsSync(file('model.m')) ? /^\s*levels:\s*(.*)$/m.exec(readFileSync(file('model.m'), 'utf8'))?.[1]?.trim() : undefined;
    return done('unsupported', `the case ships no SBML Level 3 file to read${levels ? ` (its model.m lists levels ${levels}; this copy of the suite holds no file for them)` : ''}`);
  }
  try {
    const settings = parseSuiteSettings(readFileSync(file('settings.txt'), 'utf8'));
    const expected = parseResultsCsv(readFileSync(file('results.csv'), 'utf8'));
    if (settings.steadyState) {
      if (!options.lp) return done('unsupported', 'a flux-balance case needs an LP solver (run with the highs package)');
      const fba = solveFluxBalance(readFluxBalance(readFileSync(xmlPath, 'utf8')), options.lp);
      const miss = fluxBalanceMismatch(expected, fba, settings.absolute, settings.relative);
      return miss ? done('fail', miss) : done('pass');
    }
    // comp external model definitions name files beside the case's model.
    const externalSource = (source: string): string | undefined => {
      const path = join(caseDir, source);
      return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
    };
    const model = importSbml(readFileSync(xmlPath, 'utf8'), { externalSource });
    const result = simulateSbml(model, {
      start: settings.start,
      duration: settings.duration,
      steps: settings.steps,
      variables: settings.variables,
      amounts: settings.amount,
      concentrations: settings.concentration,
      maxSteps: 200_000,
    });
    const miss = firstMismatch(expected, result, settings.absolute, settings.relative);
    if (!miss) return done('pass');
    if ('reason' in miss) return done('fail', miss.reason);
    return done('fail', `${miss.column} at t=${miss.time}: expected ${miss.expected}, got ${miss.actual}`);
  } catch (e) {
    if (e instanceof UnsupportedSbmlError) return done('unsupported', e.message);
    if (e instanceof SbmlError && e.code === SbmlErrorCode.Unsupported) return done('unsupported', e.message);
    return done('fail', `error: ${(e as Error).message}`);
  }
}

/** Every `NNNNN/` case under `casesDir`, optionally only the given ids. */
export function runSuite(casesDir: string, only?: readonly string[], options: RunSuiteOptions = {}): { report: SuiteReport; results: CaseResult[] } {
  const ids = readdirSync(casesDir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && /^\d{5}$/.test(d.name) && (!only || only.includes(d.name)))
    .map((d) => d.name)
    .sort();
  const results = ids.map((id) => runSuiteCase(join(casesDir, id), id, options));
  return { report: summarise(results), results };
}

/** A flux-balance case's one row: each column a reaction flux or the objective value. */
function fluxBalanceMismatch(expected: ResultsTable, fba: FluxBalanceSolution, absolute: number, relative: number): string | undefined {
  const row = expected.rows[0];
  if (!row || expected.rows.length !== 1) return `expected one result row, found ${expected.rows.length}`;
  for (let j = 0; j < expected.columns.length; j++) {
    const column = expected.columns[j];
    const actual = column === fba.objectiveId ? fba.objective : fba.fluxes.get(column);
    if (actual === undefined) return `no flux or objective "${column}"`;
    if (!withinTolerance(row[j], actual, absolute, relative)) return `${column}: expected ${row[j]}, got ${actual}`;
  }
  return undefined;
}

export function summarise(results: readonly CaseResult[]): SuiteReport {
  const cases: Record<string, CaseStatus> = {};
  const reasons: Record<string, string> = {};
  const componentTags: Record<string, TagCount> = {};
  const testTags: Record<string, TagCount> = {};
  const bump = (into: Record<string, TagCount>, tag: string, status: CaseStatus): void => {
    into[tag] ??= { pass: 0, fail: 0, unsupported: 0 };
    into[tag][status]++;
  };
  for (const r of results) {
    cases[r.id] = r.status;
    if (r.reason) reasons[r.id] = r.reason;
    for (const tag of r.componentTags) bump(componentTags, tag, r.status);
    for (const tag of r.testTags) bump(testTags, tag, r.status);
  }
  const count = (s: CaseStatus): number => results.filter((r) => r.status === s).length;
  return { total: results.length, passed: count('pass'), failed: count('fail'), unsupported: count('unsupported'), cases, reasons, componentTags, testTags };
}

/** A plain-text report: totals, then per component tag and per test tag, then the non-passing cases. */
export function formatSuiteReport(report: SuiteReport): string {
  const lines: string[] = [];
  lines.push(`SBML Test Suite: ${report.passed}/${report.total} pass, ${report.failed} fail, ${report.unsupported} unsupported`);
  const table = (title: string, tags: Record<string, TagCount>): void => {
    lines.push('', `${title.padEnd(30)} pass  fail  unsup`);
    for (const [tag, c] of Object.entries(tags).sort((a, b) => a[0].localeCompare(b[0]))) {
      lines.push(`${tag.padEnd(30)} ${String(c.pass).padStart(4)}  ${String(c.fail).padStart(4)}  ${String(c.unsupported).padStart(5)}`);
    }
  };
  table('component tag', report.componentTags);
  table('test tag', report.testTags);
  const bad = Object.entries(report.cases).filter(([, s]) => s !== 'pass');
  if (bad.length > 0) {
    lines.push('', 'not passing:');
    for (const [id, s] of bad) lines.push(`  ${id} ${s}: ${report.reasons[id] ?? ''}`);
  }
  return lines.join('\n');
}
