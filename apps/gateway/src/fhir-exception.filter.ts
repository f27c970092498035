import { Catch, HttpException, Inject, Logger, Optional, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { ACCESS_AUDIT, accessDeniedHttp, AccessDeniedError, AccessErrorCode, auditRefusal, type AccessAudit } from '@shuji/access';
import { buildOperationOutcome, fhirIssue, type IssueType } from '@shuji/fhir';
import type { Request, Response } from 'express';

/** R4 issue types (https://hl7.org/fhir/R4/valueset-issue-type.html) of the HTTP errors the surface can raise. */
const ISSUE_BY_STATUS: Readonly<Record<number, IssueType>> = { 400: 'invalid', 404: 'not-found', 405: 'not-supported', 409: 'conflict', 413: 'too-costly', 422: 'processing', 429: 'throttled' };

/**
 * Every error on the FHIR surface as an R4 OperationOutcome: a denial (issue type `login` for 401, `forbidden`
 * for 403, audited), an HTTP error with its status (429 `throttled`), and anything else as 500 `exception` whose
 * cause is logged by name, never sent.
 */
@Catch()
export class FhirExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('fhir');

  constructor(@Optional() @Inject(ACCESS_AUDIT) private readonly audit?: AccessAudit) {}

  catch(err: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    if (err instanceof AccessDeniedError) {
      const { status, headers } = accessDeniedHttp(err);
      const issue = fhirIssue('error', err.code === AccessErrorCode.Unauthenticated ? 'login' : 'forbidden', err.message, err.location);
      return void auditRefusal(this.audit, err, host.switchToHttp().getRequest<Request>(), this.logger).then(() => send(res.set(headers), status, issue));
    }
    if (err instanceof HttpException) {
      const status = err.getStatus();
      const body = err.getResponse();
      const message = typeof body === 'string' ? body : String((body as { message?: unknown }).message ?? err.message);
      return send(res, status, fhirIssue(status >= 500 ? 'fatal' : 'error', ISSUE_BY_STATUS[status] ?? (status >= 500 ? 'transient' : 'invalid'), message));
    }
    // the cause may quote the request (SQL parameters, values): logged by name only, answered generically
    this.logger.error(`unexpected ${err instanceof Error ? err.name : typeof err} on the FHIR surface`);
    send(res, 500, fhirIssue('fatal', 'exception', 'internal error'));
  }
}

function send(res: Response, status: number, issue: ReturnType<typeof fhirIssue>): void {
  res.status(status).type('application/fhir+json').send(JSON.stringify(buildOperationOutcome([issue])));
}
