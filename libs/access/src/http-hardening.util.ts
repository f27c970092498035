import type { NextFunction, Request, Response } from 'express';

/** What hardenHttp needs of a Nest Express application. */
interface ExpressLikeApp {
  getHttpAdapter(): { getInstance(): { disable(setting: string): unknown } };
  use(handler: (req: Request, res: Response, next: NextFunction) => void): unknown;
}

/**
 * Response headers for an API that serves personal data (OWASP Secure Headers; RFC 9111 §5.2.2.5 no-store): no
 * framework banner, nothing kept by browsers or shared caches, no MIME sniffing, no framing, no referrer leaking
 * patient ids in URLs. A route that serves public data may set its own Cache-Control after this.
 */
export function hardenHttp(app: ExpressLikeApp): void {
  app.getHttpAdapter().getInstance().disable('x-powered-by');
  app.use((_req, res, next) => {
    res.set({ 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', 'X-Frame-Options': 'DENY', 'Referrer-Policy': 'no-referrer' });
    next();
  });
}
