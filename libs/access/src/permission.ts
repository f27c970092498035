import { Role } from './principal';

/** What a request does to a person's data; one per endpoint action, checked by requireAccess. */
export enum Permission {
  ObservationWrite = 'observation.write',
  ObservationRead = 'observation.read',
  PatientWrite = 'patient.write',
  TwinRead = 'twin.read',
  ForecastRead = 'forecast.read',
  /** Run and read population simulation jobs (virtual cohorts: no person's data is read). */
  PopulationRun = 'population.run',
  /** Mint tokens at the development issuer (embedded, non-production only). */
  TokenIssue = 'token.issue',
  /** Scrape the Prometheus metrics (counts and latencies by route template: no person's data, but traffic volumes). */
  MetricsRead = 'metrics.read',
  /** Accept or override a recommendation for a patient (a clinician's decision; nothing is applied by Shuji). */
  RecommendationDecide = 'recommendation.decide',
}

const READS = [Permission.ObservationRead, Permission.TwinRead, Permission.ForecastRead] as const;

/**
 * Least privilege per role: a device only writes readings; a patient reads their own record and may self-report
 * readings; a clinician reads and annotates their panel; a service (an EHR feed) writes patients and readings;
 * an admin does everything. The patient scope is checked separately.
 */
export const ROLE_PERMISSIONS: Readonly<Record<Role, ReadonlySet<Permission>>> = {
  [Role.Patient]: new Set([...READS, Permission.ObservationWrite]),
  [Role.Clinician]: new Set([...READS, Permission.ObservationWrite, Permission.PopulationRun, Permission.RecommendationDecide]),
  [Role.Device]: new Set([Permission.ObservationWrite]),
  [Role.Service]: new Set([Permission.ObservationWrite, Permission.PatientWrite, ...READS, Permission.PopulationRun, Permission.MetricsRead]),
  [Role.Admin]: new Set(Object.values(Permission)),
};
