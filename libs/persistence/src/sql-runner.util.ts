import type { DataSource, QueryRunner } from 'typeorm';

/** Runs one statement and returns its rows and affected-row count, on `runner` if given (to join its transaction). */
export async function runSql<Row = Record<string, unknown>>(dataSource: DataSource, sql: string, params: readonly unknown[], runner?: QueryRunner): Promise<{ rows: Row[]; affected: number }> {
  const own = runner ?? dataSource.createQueryRunner();
  try {
    const result = await own.query(sql, [...params], true);
    return { rows: (result.records ?? []) as Row[], affected: result.affected ?? 0 };
  } finally {
    if (runner === undefined) await own.release();
  }
}

/** Runs `work` in one transaction: committed if it resolves, rolled back if it throws. */
export async function inTransaction<T>(dataSource: DataSource, work: (runner: QueryRunner) => Promise<T>): Promise<T> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  await runner.startTransaction();
  try {
    const result = await work(runner);
    await runner.commitTransaction();
    return result;
  } catch (error) {
    await runner.rollbackTransaction();
    throw error;
  } finally {
    await runner.release();
  }
}
