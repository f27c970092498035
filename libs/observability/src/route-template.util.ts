import type { Request } from 'express';

/**
 * The route a request matched as its template (`/v1/twins/:patientId`), for metric labels: never the path itself,
 * which holds patient and job ids. Requests no route matched share `unmatched`.
 */
export function routeTemplate(req: Pick<Request, 'baseUrl'> & { route?: { path?: unknown } }): string {
  const path = req.route?.path;
  if (typeof path === 'string') return `${req.baseUrl}${path}` || '/';
  if (Array.isArray(path)) return `${req.baseUrl}${path.join('|')}`;
  return 'unmatched';
}
