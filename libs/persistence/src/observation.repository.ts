import { Loinc } from '@shuji/contracts';
import type { DataSource, QueryRunner } from 'typeorm';
import { AuditRepository } from './audit.repository';
import { inTransaction, runSql } from './sql-runner.util';
import type { AuditContext, ObservationRangeQuery, PanelRow, StoredModality, StoredObservation } from './stored-observation';

/** Rows per INSERT statement: large enough to amortise the round trip, small enough to bound memory. */
const CHUNK = 5_000;
/** Concurrent statements of one large insert (PostgreSQL runs each connection on one core). */
const PARALLEL = 2;

interface ObservationRow {
  event_id: string;
  patient_id: string;
  code_system: string;
  code: string;
  display: string | null;
  value_kind: 'quantity' | 'coded' | 'text';
  value_num: number | null;
  unit: string | null;
  value_system: string | null;
  value_code: string | null;
  value_text: string | null;
  effective_time: Date;
  received_time: Date;
  source: string;
  modality: StoredModality;
  source_resource: string | null;
}

const COLUMNS = 'event_id, patient_id, code_system, code, display, value_kind, value_num, unit, value_system, value_code, value_text, effective_time, received_time, source, modality, source_resource';

/**
 * One multi-row statement per chunk: the rows travel as 16 parallel arrays unnested server-side, so the
 * statement has 16 parameters whatever the row count. Rows are ordered by their key (patient, source, event id)
 * so two writers of overlapping batches take their unique-index locks in the same order and cannot deadlock.
 */
const INSERT_SQL = `
  INSERT INTO observations (${COLUMNS})
  SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::float8[], $8::text[],
                       $9::text[], $10::text[], $11::text[], $12::timestamptz[], $13::timestamptz[], $14::text[], $15::text[], $16::text[])
         AS t(${COLUMNS})
  ORDER BY t.patient_id COLLATE "C", t.source COLLATE "C", t.event_id COLLATE "C"
  ON CONFLICT (patient_id, source, event_id) DO NOTHING`;

/** Content that makes two records with one key the same event (received_time and display may differ on a re-send). */
const CONTENT = ['code_system', 'code', 'value_kind', 'value_num', 'unit', 'value_system', 'value_code', 'value_text', 'effective_time'];

/** The positions (1-based) of the given records whose key is stored with other content. */
const CONFLICTS_SQL = `
  SELECT t.i FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::float8[], $8::text[],
                         $9::text[], $10::text[], $11::text[], $12::timestamptz[]) WITH ORDINALITY
         AS t(patient_id, source, event_id, ${CONTENT.join(', ')}, i)
  JOIN observations o ON o.patient_id = t.patient_id AND o.source = t.source AND o.event_id = t.event_id
  WHERE (${CONTENT.map((c) => `o.${c}`).join(', ')}) IS DISTINCT FROM (${CONTENT.map((c) => `t.${c}`).join(', ')})
  ORDER BY t.i`;

/** The key of an observation: its event id is unique per patient and source (migration 1764500000000). */
export interface ObservationKey {
  readonly patientId: string;
  readonly source: string;
  readonly eventId: string;
}

/** The observation store: idempotent bulk insert and audited range reads. */
export class ObservationRepository {
  private readonly audit: AuditRepository;

  constructor(private readonly dataSource: DataSource) {
    this.audit = new AuditRepository(dataSource);
  }

  /**
   * Inserts the records whose event id is new and skips the rest (`ON CONFLICT DO NOTHING`), so replays and
   * concurrent writers of the same events store each once. Returns how many rows were inserted. Pass `runner`
   * to join a transaction (e.g. with `ProcessedEventRepository.claim`).
   */
  async insertMany(records: readonly StoredObservation[], runner?: QueryRunner): Promise<number> {
    // Sorted across chunks too: a transaction that inserts several chunks then takes all its locks in one
    // global order, so two transactions writing overlapping events cannot deadlock. JS `<` on UTF-16 agrees with
    // the "C" collation's byte order for ASCII keys (ids are ASCII; a non-ASCII source can at worst cost a retry).
    const sorted = [...records].sort(compareKeys);
    const chunks: StoredObservation[][] = [];
    for (let start = 0; start < sorted.length; start += CHUNK) chunks.push(sorted.slice(start, start + CHUNK));
    const insertChunk = async (chunk: readonly StoredObservation[]): Promise<number> => (await runSql(this.dataSource, INSERT_SQL, toColumns(chunk), runner)).affected;
    if (runner !== undefined || chunks.length === 1) {
      let inserted = 0;
      for (const chunk of chunks) inserted += await insertChunk(chunk);
      return inserted;
    }
    // Outside a transaction, chunks go out on PARALLEL connections: each statement is its own transaction and
    // takes its locks in event-id order, so parallel statements cannot deadlock each other.
    let next = 0;
    let inserted = 0;
    const worker = async (): Promise<void> => {
      while (next < chunks.length) {
        const n = await insertChunk(chunks[next++]!); // not `inserted += await …`: that reads `inserted` before the await
        inserted += n;
      }
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL, chunks.length) }, worker));
    return inserted;
  }

  /**
   * The records whose key (patient, source, event id) is already stored with other content: a re-send of the same
   * event is no conflict; the same id with another value, code or time is (409 at the edge, never silence).
   * Reads only the keys the caller sends, for patients it may write.
   */
  async findConflicts(records: readonly StoredObservation[], runner?: QueryRunner): Promise<StoredObservation[]> {
    if (records.length === 0) return [];
    const columns = toColumns(records);
    // key, then the content columns in CONTENT's order (code_system … value_text, effective_time)
    const params = [columns[1], columns[13], columns[0], columns[2], columns[3], columns[5], columns[6], columns[7], columns[8], columns[9], columns[10], columns[11]];
    const { rows } = await runSql<{ i: string }>(this.dataSource, CONFLICTS_SQL, params, runner);
    return rows.map((r) => records[Number(r.i) - 1]!);
  }

  /** Observations of one patient (and code) with effective time in [from, to), oldest first. Audited. */
  async findRange(query: ObservationRangeQuery, audit: AuditContext): Promise<StoredObservation[]> {
    const where = ['patient_id = $1'];
    const params: unknown[] = [query.patientId];
    const add = (clause: string, value: unknown): void => {
      params.push(value);
      where.push(clause.replace('?', `$${params.length}`));
    };
    if (query.code !== undefined) add('code = ?', query.code);
    if (query.codeSystem !== undefined) add('code_system = ?', query.codeSystem);
    if (query.from !== undefined) add('effective_time >= ?', instant(query.from, 'from'));
    if (query.to !== undefined) add('effective_time < ?', instant(query.to, 'to'));
    const limit = Math.min(Math.max(1, query.limit ?? 1000), 10_000);
    params.push(limit);
    const sql = `SELECT ${COLUMNS} FROM observations WHERE ${where.join(' AND ')} ORDER BY effective_time, event_id, source LIMIT $${params.length}`;
    const resource = `Observation?${new URLSearchParams(Object.entries({ patient: query.patientId, code: query.code, from: query.from?.toString(), to: query.to?.toString() }).filter((e): e is [string, string] => e[1] !== undefined)).toString()}`;
    // the audit row last: the chain's lock (held to commit) is then held for the insert alone, not for the read;
    // nothing is returned unless the audit row committed with it
    return inTransaction(this.dataSource, async (runner) => {
      const { rows } = await runSql<ObservationRow>(this.dataSource, sql, params, runner);
      await this.audit.record({ actor: audit.actor, action: audit.action, patientId: query.patientId, resource }, runner);
      return rows.map(fromRow);
    });
  }

  /**
   * A panel: per patient in `patients` (or every patient with '*'), up to `limit`, data freshness and the latest
   * values the risk flags read, CGM counts since `since`. One audit row per patient listed, in the read's transaction.
   */
  async panel(patients: readonly string[] | '*', since: Date, audit: AuditContext, limit = 500): Promise<PanelRow[]> {
    const q = (...terms: { readonly code: string }[]): string => terms.map((t) => `'${t.code}'`).join(', ');
    const latest = (codes: string): string => `(array_agg(value_num ORDER BY effective_time DESC) FILTER (WHERE code IN (${codes}) AND value_kind = 'quantity'))[1]`;
    const sql = `
      SELECT patient_id, max(effective_time) AS last_time, count(*) AS n,
             count(*) FILTER (WHERE code = ${q(Loinc.cgmGlucose)} AND effective_time >= $2) AS cgm,
             count(*) FILTER (WHERE code = ${q(Loinc.cgmGlucose)} AND effective_time >= $2 AND value_num < 70) AS below70,
             count(*) FILTER (WHERE code = ${q(Loinc.cgmGlucose)} AND effective_time >= $2 AND value_num < 54) AS below54,
             ${latest(q(Loinc.systolicBp))} AS sbp, ${latest(q(Loinc.inr, Loinc.inrPointOfCare))} AS inr, ${latest(q(Loinc.bodyWeight))} AS weight
        FROM observations WHERE $1::text[] IS NULL OR patient_id = ANY($1)
       GROUP BY patient_id ORDER BY patient_id LIMIT $3`;
    type Row = { patient_id: string; last_time: Date; n: string; cgm: string; below70: string; below54: string; sbp: number | null; inr: number | null; weight: number | null };
    return inTransaction(this.dataSource, async (runner) => {
      const { rows } = await runSql<Row>(this.dataSource, sql, [patients === '*' ? null : [...patients], since.toISOString(), limit], runner);
      for (const r of rows) await this.audit.record({ actor: audit.actor, action: audit.action, patientId: r.patient_id, resource: `Panel?patient=${r.patient_id}` }, runner);
      return rows.map((r) => ({
        patientId: r.patient_id,
        lastObservation: r.last_time,
        observations: Number(r.n),
        cgmReadings: Number(r.cgm),
        cgmBelow70: Number(r.below70),
        cgmBelow54: Number(r.below54),
        lastSystolic: r.sbp,
        lastInr: r.inr,
        lastWeight: r.weight,
      }));
    });
  }

  /** Plain count, for health checks and tests; reads no personal data. */
  async count(): Promise<number> {
    const { rows } = await runSql<{ n: string }>(this.dataSource, 'SELECT count(*) AS n FROM observations', []);
    return Number(rows[0]?.n ?? 0);
  }
}

function compareKeys(a: ObservationKey, b: ObservationKey): number {
  for (const k of ['patientId', 'source', 'eventId'] as const) if (a[k] !== b[k]) return a[k] < b[k] ? -1 : 1;
  return 0;
}

function instant(value: string | Date, field: string): string {
  const ms = value instanceof Date ? value.getTime() : Date.parse(value);
  if (Number.isNaN(ms)) throw new RangeError(`ObservationRangeQuery.${field} is not a valid instant: ${String(value)}`);
  return new Date(ms).toISOString();
}

function toColumns(records: readonly StoredObservation[]): unknown[][] {
  const cols: unknown[][] = Array.from({ length: 16 }, () => new Array<unknown>(records.length));
  records.forEach((r, i) => {
    const v = r.value;
    cols[0]![i] = r.eventId;
    cols[1]![i] = r.patientId;
    cols[2]![i] = r.codeSystem;
    cols[3]![i] = r.code;
    cols[4]![i] = r.display ?? null;
    cols[5]![i] = v.kind;
    cols[6]![i] = v.kind === 'quantity' ? v.value : null;
    cols[7]![i] = v.kind === 'quantity' ? v.unit : null;
    cols[8]![i] = v.kind === 'coded' ? v.system : null;
    cols[9]![i] = v.kind === 'coded' ? v.code : null;
    cols[10]![i] = v.kind === 'coded' ? (v.display ?? null) : v.kind === 'text' ? v.text : null;
    cols[11]![i] = r.effectiveTime;
    cols[12]![i] = r.receivedTime;
    cols[13]![i] = r.source;
    cols[14]![i] = r.modality;
    cols[15]![i] = r.sourceResource ?? null;
  });
  return cols;
}

function fromRow(r: ObservationRow): StoredObservation {
  const value: StoredObservation['value'] =
    r.value_kind === 'quantity'
      ? { kind: 'quantity', value: r.value_num!, unit: r.unit! }
      : r.value_kind === 'coded'
        ? { kind: 'coded', system: r.value_system!, code: r.value_code!, ...(r.value_text !== null ? { display: r.value_text } : {}) }
        : { kind: 'text', text: r.value_text ?? '' };
  return {
    eventId: r.event_id,
    patientId: r.patient_id,
    codeSystem: r.code_system,
    code: r.code,
    ...(r.display !== null ? { display: r.display } : {}),
    value,
    effectiveTime: r.effective_time.toISOString(),
    receivedTime: r.received_time.toISOString(),
    source: r.source,
    modality: r.modality,
    ...(r.source_resource !== null ? { sourceResource: r.source_resource } : {}),
  };
}
