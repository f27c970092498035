/**
 * The 30 in-silico subjects of the UVA/Padova S2008 simulator (10 adolescents, 10 adults, 10 children) and
 * their therapy parameters, read from the CSV files shipped with this lib (libs/models/data/uva-padova-2008,
 * from simglucose, MIT; see SOURCE.md there).
 */
import { readFileSync } from 'node:fs';
import type { Subject } from '../simulate/model-registration';
import { uvaPadovaDataFile } from './uva-padova-data';
import { UVA_PADOVA_S2008_SPEC } from './uva-padova-s2008.model';

/** Minimal CSV (no quoted fields in these files): rows as records keyed by the trimmed header. */
function readCsv(file: string): Record<string, string>[] {
  const [header, ...lines] = readFileSync(uvaPadovaDataFile(file), 'utf8').trim().split(/\r?\n/);
  const names = header.split(',').map((h) => h.trim());
  return lines.map((line) => {
    const cells = line.split(',');
    return Object.fromEntries(names.map((name, i) => [name, cells[i]?.trim() ?? '']));
  });
}

/** Carbohydrate ratio (g/U), correction factor (mg/dL per U), age (years), total daily insulin (U). */
export interface TherapyParameters {
  readonly CR: number;
  readonly CF: number;
  readonly age: number;
  readonly TDI: number;
}

const STATE_COLUMNS = UVA_PADOVA_S2008_SPEC.states.map((_, i) => `x0_${String(i + 1).padStart(2, ' ')}`);

let subjects: Subject[] | undefined;

export function uvaPadovaSubjects(): readonly Subject[] {
  if (subjects === undefined) {
    subjects = readCsv('vpatient_params.csv').map((row) => {
      const parameters: Record<string, number> = {};
      for (const p of UVA_PADOVA_S2008_SPEC.parameters) {
        const value = Number(row[p.name]);
        if (row[p.name] === undefined || !Number.isFinite(value)) {
          throw new Error(`vpatient_params.csv: ${row.Name} has no numeric ${p.name}`);
        }
        parameters[p.name] = value;
      }
      const initialState = Object.fromEntries(
        UVA_PADOVA_S2008_SPEC.states.map((s, i) => [s.name, Number(row[STATE_COLUMNS[i]])]),
      );
      return { name: row.Name, parameters, initialState };
    });
  }
  return subjects;
}

let therapy: Map<string, TherapyParameters> | undefined;

export function uvaPadovaTherapy(subject: string): TherapyParameters {
  therapy ??= new Map(
    readCsv('Quest.csv').map((row) => [
      row.Name,
      { CR: Number(row.CR), CF: Number(row.CF), age: Number(row.Age), TDI: Number(row.TDI) },
    ]),
  );
  const found = therapy.get(subject);
  if (found === undefined) throw new RangeError(`Quest.csv has no subject "${subject}"`);
  return found;
}
