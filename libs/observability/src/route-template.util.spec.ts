import { describe, expect, it } from 'vitest';
import { routeTemplate } from './route-template.util';

describe(routeTemplate.name, () => {
  it.each([
    [{ baseUrl: '', route: { path: '/v1/twins/:patientId' } }, '/v1/twins/:patientId'],
    [{ baseUrl: '/api', route: { path: '/jobs/:id' } }, '/api/jobs/:id'],
    [{ baseUrl: '', route: { path: ['/fhir', '/fhir/*path'] } }, '/fhir|/fhir/*path'],
    [{ baseUrl: '', route: { path: '' } }, '/'],
    [{ baseUrl: '' }, 'unmatched'],
  ])('should label %j as %s', (req, label) => expect(routeTemplate(req)).toBe(label));

  it('should never put the requested path (with its ids) in the label', () => {
    const req = { baseUrl: '', originalUrl: '/v1/twins/p-123?code=1', url: '/v1/twins/p-123', route: { path: '/v1/twins/:patientId' } };
    expect(routeTemplate(req)).not.toContain('p-123');
  });
});
