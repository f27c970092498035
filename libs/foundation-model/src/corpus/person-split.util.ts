/** Split by person, never by time window: a stable FNV-1a hash of the id puts 10 % in test, 10 % in validation. */
import { fnv1a32 } from '@shuji/stats';
import type { CorpusSplit } from './observation-codes';

export function splitOfPerson(id: string): Exclude<CorpusSplit, 'ood'> {
  const bucket = fnv1a32(id) % 10;
  return bucket === 0 ? 'test' : bucket === 1 ? 'validation' : 'train';
}
