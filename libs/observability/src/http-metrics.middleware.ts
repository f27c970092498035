import type { NextFunction, Request, Response } from 'express';
import { routeTemplate } from './route-template.util';
import type { ShujiMetrics } from './shuji-metrics';

/** Observes every HTTP request once it is answered (or the client went away), labelled by its route template. */
export function httpMetricsMiddleware(metrics: ShujiMetrics): (req: Request, res: Response, next: NextFunction) => void {
  return (req, res, next) => {
    const end = metrics.httpRequestDuration.startTimer();
    res.once('close', () => end({ method: req.method, route: routeTemplate(req), status: String(res.statusCode) }));
    next();
  };
}
