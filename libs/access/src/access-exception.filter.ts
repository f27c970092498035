import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import { AccessDeniedError } from './access-denied.error';
import { accessDeniedHttp } from './access-http.util';

/** Maps AccessDeniedError to 401/403 JSON in Nest's error shape (non-FHIR endpoints). */
@Catch(AccessDeniedError)
export class AccessExceptionFilter implements ExceptionFilter<AccessDeniedError> {
  catch(err: AccessDeniedError, host: ArgumentsHost): void {
    const { status, headers } = accessDeniedHttp(err);
    const res = host.switchToHttp().getResponse<Response>();
    res.status(status).set(headers).json({ statusCode: status, error: status === 401 ? 'Unauthorized' : 'Forbidden', code: err.code, message: err.message });
  }
}
