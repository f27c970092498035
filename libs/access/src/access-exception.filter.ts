import { Catch, Inject, Logger, Optional, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ACCESS_AUDIT, refusalEntry, type AccessAudit } from './access-audit';
import { AccessDeniedError } from './access-denied.error';
import { accessDeniedHttp } from './access-http.util';

/** Maps AccessDeniedError to 401/403 JSON in Nest's error shape (non-FHIR endpoints), and audits the refusal. */
@Catch(AccessDeniedError)
export class AccessExceptionFilter implements ExceptionFilter<AccessDeniedError> {
  private readonly logger = new Logger('access');

  constructor(@Optional() @Inject(ACCESS_AUDIT) private readonly audit?: AccessAudit) {}

  catch(err: AccessDeniedError, host: ArgumentsHost): void {
    const { status, headers } = accessDeniedHttp(err);
    const res = host.switchToHttp().getResponse<Response>();
    void auditRefusal(this.audit, err, host.switchToHttp().getRequest<Request>(), this.logger).then(() =>
      res.status(status).set(headers).json({ statusCode: status, error: status === 401 ? 'Unauthorized' : 'Forbidden', code: err.code, message: err.message }),
    );
  }
}

/**
 * Writes the refusal's audit row; the caller answers once it is written (so the row exists when the client
 * hears the refusal). A failed write is logged, without its content, and never keeps the answer back.
 */
export async function auditRefusal(audit: AccessAudit | undefined, err: AccessDeniedError, req: Request, logger: Logger): Promise<void> {
  await audit?.record(refusalEntry(err, req)).catch(() => logger.error('a refusal could not be written to the audit log'));
}
