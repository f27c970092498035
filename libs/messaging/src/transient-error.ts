import { UnprocessableMessageError } from './bus-message';

/**
 * Thrown (or used as a cause) by code that knows a failure is the infrastructure's, not the message's: the bus
 * retries it without limit instead of dead-lettering a good record.
 */
export class TransientInfrastructureError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TransientInfrastructureError';
  }
}

/** Socket errors of a dependency that is down, restarting or unreachable, and a full disk (Node's errno codes). */
const TRANSIENT_ERRNO = new Set(['ENOSPC', 'ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ENOTCONN']);

/**
 * SQLSTATE codes that say "try again later", from PostgreSQL's Appendix A (Error Codes): class 08 (connection
 * exception), 53 (insufficient resources), 57P01–57P03 (admin/crash shutdown, cannot connect now), 40001
 * (serialization failure) and 40P01 (deadlock detected), 55P03 (lock not available), 58000/58030 (system/IO error).
 */
function isTransientSqlState(code: string): boolean {
  if (!/^[0-9A-Z]{5}$/.test(code)) return false;
  return code.startsWith('08') || code.startsWith('53') || ['57P01', '57P02', '57P03', '40001', '40P01', '55P03', '58000', '58030'].includes(code);
}

/** Messages of node-postgres and pg-pool errors that carry no code when the server vanishes mid-connection. */
const TRANSIENT_MESSAGE = /Connection terminated|Query read timeout|terminating connection|the database system is (starting up|shutting down|in recovery mode)|Client has encountered a connection error|timeout exceeded when trying to connect|Connection is not established|Client was closed and is not queryable/i;

/** Kafka client errors that the client itself marks retriable, or that say the cluster is unreachable. */
const TRANSIENT_KAFKA = /^KafkaJS(ConnectionError|ConnectionClosedError|RequestTimeoutError|NumberOfRetriesExceeded|BrokerNotFound|LockTimeout|NonRetriableError)$/;

/**
 * Whether a failure is the infrastructure's (database or broker down, restarting, overloaded) rather than the
 * record's. Looks through `cause`, TypeORM's `driverError` and aggregate errors, a few levels deep.
 */
export function isTransientInfrastructureError(error: unknown, depth = 0): boolean {
  if (depth > 5 || error === null || typeof error !== 'object') return false;
  if (error instanceof TransientInfrastructureError) return true;
  // a handler that judged the record bad has the last word, whatever its message quotes
  if (error instanceof UnprocessableMessageError) return false;
  const e = error as { code?: unknown; name?: unknown; message?: unknown; retriable?: unknown; cause?: unknown; driverError?: unknown; errors?: unknown };
  if (typeof e.code === 'string' && (TRANSIENT_ERRNO.has(e.code) || isTransientSqlState(e.code))) return true;
  // TypeORM releases a query runner whose connection failed under it; the next statement on it says so
  if (e.name === 'QueryRunnerAlreadyReleasedError') return true;
  if (typeof e.name === 'string' && TRANSIENT_KAFKA.test(e.name)) return e.name !== 'KafkaJSNonRetriableError' || isTransientInfrastructureError(e.cause, depth + 1);
  if (e.retriable === true && typeof e.name === 'string' && e.name.startsWith('KafkaJS')) return true;
  // node-postgres' own connection errors carry no code; an error with a SQLSTATE or errno code was judged above
  if (e.code === undefined && typeof e.message === 'string' && TRANSIENT_MESSAGE.test(e.message)) return true;
  if (isTransientInfrastructureError(e.driverError, depth + 1) || isTransientInfrastructureError(e.cause, depth + 1)) return true;
  return Array.isArray(e.errors) && e.errors.some((x) => isTransientInfrastructureError(x, depth + 1));
}

/** Logs an outage seen by one delivery when it starts and then every `everyMs` it lasts, never once per retry. */
export function outageLogger(warn: (line: string) => void, where: string, everyMs = 30_000): (error: unknown, waitedMs: number) => void {
  let nextAt = 0;
  return (error, waitedMs) => {
    if (waitedMs < nextAt) return;
    nextAt = waitedMs + everyMs;
    warn(`${where}: infrastructure unavailable (${errorKind(error)}), waiting ${Math.round(waitedMs / 1000)} s so far; the message stays uncommitted`);
  };
}

/**
 * What kind of failure it was, for logs: the error's class and code, never its message (which may quote the record,
 * and so personal data; the full reason goes into the dead letter, stored with access control).
 */
export function errorKind(error: unknown): string {
  const name = error instanceof Error ? error.name : typeof error;
  const code = typeof (error as { code?: unknown } | null)?.code === 'string' ? ` ${(error as { code: string }).code}` : '';
  return `${name}${code}`;
}
