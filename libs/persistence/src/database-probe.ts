import { withTimeout } from '@shuji/config';
import type { DataSource } from 'typeorm';

export const DATABASE_PROBE = Symbol('DATABASE_PROBE');

/** Answers whether the database takes queries now: resolves, or rejects with why not. */
export interface DatabaseProbe {
  check(): Promise<void>;
}

/** A `SELECT 1` on the application's pool that gives up after `timeoutMs` (a hung server counts as down). */
export function databaseProbe(dataSource: DataSource, timeoutMs = 2_000): DatabaseProbe {
  return {
    check: () => withTimeout(dataSource.query('SELECT 1').then(() => undefined), timeoutMs, 'database'),
  };
}
