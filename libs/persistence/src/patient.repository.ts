import type { DataSource, QueryRunner } from 'typeorm';
import { AuditRepository } from './audit.repository';
import { inTransaction, runSql } from './sql-runner.util';
import type { AuditContext } from './stored-observation';

export interface PatientIdentifierRow {
  readonly system: string;
  readonly value: string;
}

export interface PatientRow {
  readonly id: string;
  readonly identifiers: readonly PatientIdentifierRow[];
}

/** Structurally `PatientIndex` of `@shuji/fhir`: answers conditional references from what the store knows. */
export interface PatientLookup {
  findByIdentifier(system: string, value: string): string | undefined;
}

/** Patients and the identifiers that conditional references (`Patient?identifier=system|value`) resolve by. */
export class PatientRepository {
  private readonly audit: AuditRepository;

  constructor(private readonly dataSource: DataSource) {
    this.audit = new AuditRepository(dataSource);
  }

  /**
   * Creates the patients that are new and merges identifiers into the ones that exist. An identifier already
   * held by another patient stays with that patient (first writer wins). Returns how many patients were new.
   */
  async upsertMany(patients: readonly PatientRow[], runner?: QueryRunner): Promise<number> {
    if (patients.length === 0) return 0;
    const merged = new Map<string, PatientIdentifierRow[]>();
    for (const p of patients) merged.set(p.id, [...(merged.get(p.id) ?? []), ...p.identifiers]);
    const ids = [...merged.keys()].sort();
    const work = async (r: QueryRunner): Promise<number> => {
      const { rows } = await runSql<{ inserted: boolean }>(
        this.dataSource,
        `INSERT INTO patients (id, identifiers)
         SELECT * FROM unnest($1::text[], $2::jsonb[]) ORDER BY 1
         ON CONFLICT (id) DO UPDATE SET
           identifiers = (SELECT coalesce(jsonb_agg(DISTINCT x), '[]'::jsonb) FROM jsonb_array_elements(patients.identifiers || EXCLUDED.identifiers) AS x),
           updated_at = now()
         RETURNING (xmax = 0) AS inserted`,
        [ids, ids.map((id) => JSON.stringify(merged.get(id)))],
        r,
      );
      const idRows = ids.flatMap((id) => merged.get(id)!.map((i) => [i.system, i.value, id] as const));
      await runSql(
        this.dataSource,
        `INSERT INTO patient_identifiers (system, value, patient_id)
         SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) ORDER BY 1, 2
         ON CONFLICT (system, value) DO NOTHING`,
        [idRows.map((x) => x[0]), idRows.map((x) => x[1]), idRows.map((x) => x[2])],
        r,
      );
      return rows.filter((x) => x.inserted).length;
    };
    return runner !== undefined ? work(runner) : inTransaction(this.dataSource, work);
  }

  /**
   * Whether the store knows the patient: a Patient resource, or any observation (device data may name a patient
   * before any Patient resource arrives). Reads no personal data, so it is not audited.
   */
  async isKnown(patientId: string): Promise<boolean> {
    const { rows } = await runSql<{ known: boolean }>(
      this.dataSource,
      `SELECT EXISTS (SELECT 1 FROM patients WHERE id = $1) OR EXISTS (SELECT 1 FROM observations WHERE patient_id = $1) AS known`,
      [patientId],
    );
    return rows[0]?.known === true;
  }

  /** The patients holding these identifiers, keyed `system|value`. Audited. */
  async findIdsByIdentifiers(identifiers: readonly PatientIdentifierRow[], audit: AuditContext): Promise<Map<string, string>> {
    const found = new Map<string, string>();
    if (identifiers.length === 0) return found;
    const { rows } = await runSql<{ system: string; value: string; patient_id: string }>(
      this.dataSource,
      `SELECT i.system, i.value, i.patient_id FROM patient_identifiers i
       JOIN unnest($1::text[], $2::text[]) AS q(system, value) ON q.system = i.system AND q.value = i.value`,
      [identifiers.map((i) => i.system), identifiers.map((i) => i.value)],
    );
    for (const r of rows) found.set(`${r.system}|${r.value}`, r.patient_id);
    await this.audit.record({ actor: audit.actor, action: audit.action, resource: `Patient?identifier (${identifiers.length} looked up, ${rows.length} found)` });
    return found;
  }

  /** A lookup pre-loaded with these identifiers, to hand to the pure FHIR processing. */
  async lookupFor(identifiers: readonly PatientIdentifierRow[], audit: AuditContext): Promise<PatientLookup> {
    const found = await this.findIdsByIdentifiers(identifiers, audit);
    return { findByIdentifier: (system, value) => found.get(`${system}|${value}`) };
  }

  /** One patient with identifiers, or undefined. Audited. */
  async findById(id: string, audit: AuditContext): Promise<PatientRow | undefined> {
    return inTransaction(this.dataSource, async (runner) => {
      await this.audit.record({ actor: audit.actor, action: audit.action, patientId: id, resource: `Patient/${id}` }, runner);
      const { rows } = await runSql<{ id: string; identifiers: PatientIdentifierRow[] }>(this.dataSource, 'SELECT id, identifiers FROM patients WHERE id = $1', [id], runner);
      const row = rows[0];
      return row === undefined ? undefined : { id: row.id, identifiers: row.identifiers };
    });
  }
}
