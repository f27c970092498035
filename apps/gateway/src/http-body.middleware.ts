import type { NextFunction, Request, Response } from 'express';
import express from 'express';
import { buildOperationOutcome, fhirIssue } from '@shuji/fhir';

const JSON_TYPES = ['application/json', 'application/fhir+json', 'application/*+json'];

function isFhirPath(req: Request): boolean {
  return req.path === '/fhir' || req.path.startsWith('/fhir/');
}

/** Sends an error in the dialect of the endpoint: OperationOutcome under /fhir, {statusCode, error, message} elsewhere. */
export function sendHttpError(req: Request, res: Response, status: number, message: string, field?: string): void {
  if (isFhirPath(req)) {
    const code = status === 413 ? 'too-costly' : 'structure';
    res.status(status).type('application/fhir+json').send(JSON.stringify(buildOperationOutcome([fhirIssue('error', code, message, field)])));
    return;
  }
  res.status(status).json({ statusCode: status, error: status === 413 ? 'Payload Too Large' : 'Bad Request', message, ...(field ? { field } : {}) });
}

/**
 * JSON body parsing with the configured limit, answering body errors itself so they get the
 * endpoint's error format (413 for oversized bodies, 400 for malformed JSON) rather than Express's HTML page.
 */
export function jsonBodyMiddleware(limitBytes: number): (req: Request, res: Response, next: NextFunction) => void {
  const parse = express.json({ limit: limitBytes, type: JSON_TYPES, strict: false });
  return (req, res, next) => {
    parse(req, res, (err?: unknown) => {
      if (!err) return next();
      const e = err as { type?: string; status?: number; message?: string };
      if (e.type === 'entity.too.large') return sendHttpError(req, res, 413, `request body exceeds the limit of ${limitBytes} bytes`);
      if (e.type === 'entity.parse.failed') return sendHttpError(req, res, 400, `malformed JSON: ${e.message ?? 'parse error'}`, '(body)');
      if (e.type === 'encoding.unsupported' || e.type === 'charset.unsupported') return sendHttpError(req, res, 415, e.message ?? 'unsupported encoding');
      return sendHttpError(req, res, e.status ?? 400, e.message ?? 'bad request body');
    });
  };
}
