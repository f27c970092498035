import { Catch, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { accessDeniedHttp, AccessDeniedError, AccessErrorCode } from '@shuji/access';
import { buildOperationOutcome, fhirIssue } from '@shuji/fhir';
import type { Response } from 'express';

/**
 * A denial on the FHIR surface as an R4 OperationOutcome (issue type `login` for 401, `forbidden` for 403,
 * https://hl7.org/fhir/R4/valueset-issue-type.html), like the surface's other errors.
 */
@Catch(AccessDeniedError)
export class FhirAccessFilter implements ExceptionFilter<AccessDeniedError> {
  catch(err: AccessDeniedError, host: ArgumentsHost): void {
    const { status, headers } = accessDeniedHttp(err);
    const outcome = buildOperationOutcome([fhirIssue('error', err.code === AccessErrorCode.Unauthenticated ? 'login' : 'forbidden', err.message, err.location)]);
    host.switchToHttp().getResponse<Response>().status(status).set(headers).type('application/fhir+json').send(JSON.stringify(outcome));
  }
}
