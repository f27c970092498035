import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The read-only ../shared checkout beside the repository (fixtures and data sets that only tests read). */
export const SHARED_DIR = resolve(__dirname, '..', '..', '..', '..', 'shared');

/**
 * The path of `relative` under ../shared, or an error naming it: a spec that needs the shared data fails when it
 * is missing instead of skipping (a skipped check would pass CI without having checked anything).
 */
export function sharedPath(...relative: string[]): string {
  const path = join(SHARED_DIR, ...relative);
  if (!existsSync(path)) throw new Error(`${path} is missing: this spec needs the shared data checkout at ${SHARED_DIR}`);
  return path;
}
