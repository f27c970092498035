import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { ACCESS_AUDIT, auditedRead, Permission, requireAccess, type AccessAudit, type Principal } from '@shuji/access';
import type { StoredRecommendation } from '@shuji/persistence';
import { fhirProvenance, isTwinBasis, makeRecommendation, parseRecommendationDecision, parseRecommendationRequest, RecommendInputError, rerunRecommendation, type ModelVersion, type RecommendationProvenance } from '@shuji/recommend';
import { SimulationJobsService } from './simulation-jobs.service';
import { CODE_VERSION, KNOWN_PATIENT, RECOMMENDATION_STORE, RecommendationNotFoundError, RecommendationStoreUnavailableError, TWIN_CONTEXT, UnknownPatientError, type KnownPatientReader, type RecommendationStore, type TwinContextReader } from './recommendation.tokens';

/** A recommendation as the API answers it. */
export interface RecommendationView {
  readonly id: string;
  readonly kind: string;
  readonly patient_id: string | null;
  readonly headline: string;
  readonly inputs: unknown;
  readonly output: unknown;
  readonly provenance: unknown;
  readonly created_by: string;
  readonly created_at: string;
  readonly status: 'awaiting-decision' | 'accepted' | 'overridden';
  readonly decisions: readonly { readonly decision: string; readonly reason: string | null; readonly channel: string; readonly decided_by: string; readonly decided_at: string }[];
}

export interface RerunView {
  readonly id: string;
  readonly reproduced: boolean;
  readonly differences: readonly string[];
  readonly stored_models: unknown;
  readonly rerun_models: readonly ModelVersion[];
  readonly output: unknown;
}

export function recommendationView(r: StoredRecommendation): RecommendationView {
  const last = r.decisions[r.decisions.length - 1];
  return {
    id: r.id,
    kind: r.kind,
    patient_id: r.patientId,
    headline: r.headline,
    inputs: r.inputs,
    output: r.output,
    provenance: r.provenance,
    created_by: r.createdBy,
    created_at: r.createdAt.toISOString(),
    status: last === undefined ? 'awaiting-decision' : last.decision,
    decisions: r.decisions.map((d) => ({ decision: d.decision, reason: d.reason, channel: d.channel, decided_by: d.decidedBy, decided_at: d.decidedAt.toISOString() })),
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const outcomeOf = (err: unknown): string => (err instanceof RecommendationNotFoundError ? 'not-found' : err instanceof RecommendInputError ? 'invalid' : 'error');

/**
 * Stored recommendations (issue 15): computed and stored with their provenance, read, re-run on their stored inputs
 * (reproduced exactly, or the differing paths named), and decided on by a clinician. Nothing is ever applied: a
 * decision is a record. A bad request is refused before anything is computed or stored, and so is one naming a
 * patient Shuji does not know (422 naming `patient_id`).
 */
@Injectable()
export class RecommendationsService {
  constructor(
    @Inject(CODE_VERSION) private readonly codeVersion: string,
    @Optional() @Inject(RECOMMENDATION_STORE) private readonly store?: RecommendationStore,
    @Optional() @Inject(TWIN_CONTEXT) private readonly twinContext?: TwinContextReader,
    @Optional() @Inject(ACCESS_AUDIT) private readonly audit?: AccessAudit,
    @Optional() @Inject(KNOWN_PATIENT) private readonly knownPatient?: KnownPatientReader,
    @Optional() @Inject(SimulationJobsService) private readonly twinRecommendations?: Pick<SimulationJobsService, 'rerunStored'>,
  ) {}

  async create(principal: Principal | undefined, body: unknown): Promise<RecommendationView> {
    requireAccess(principal, Permission.TwinRead);
    const request = parseRecommendationRequest(body);
    if (request.patientId !== null) requireAccess(principal, Permission.TwinRead, request.patientId);
    const store = this.requireStore();
    // computed first: a refused input touches neither the twin nor the store
    const draft = makeRecommendation(request, { codeVersion: this.codeVersion, twin: null });
    const twin = request.patientId === null ? null : ((await this.twinContext?.(request.patientId)) ?? null);
    // a patient named must be one Shuji knows: with a twin, or else a Patient resource or an observation
    if (request.patientId !== null && twin === null && !((await this.knownPatient?.(request.patientId)) ?? false)) throw new UnknownPatientError('patient_id');
    const provenance = { ...draft.provenance, twin };
    const stored = await store.create({ id: randomUUID(), kind: draft.kind, patientId: draft.patientId, inputs: draft.inputs, output: draft.output, headline: draft.headline, provenance, createdBy: principal.id }, 'create-recommendation');
    return recommendationView(stored);
  }

  async get(principal: Principal | undefined, id: string): Promise<RecommendationView> {
    requireAccess(principal, Permission.TwinRead);
    return recommendationView(await this.load(principal, id, 'read-recommendation'));
  }

  /** What the recommendation rests on as a FHIR R4 Provenance resource. */
  async provenance(principal: Principal | undefined, id: string): Promise<Readonly<Record<string, unknown>>> {
    requireAccess(principal, Permission.TwinRead);
    const r = await this.load(principal, id, 'read-recommendation-provenance');
    return fhirProvenance({ id: r.id, headline: r.headline, patientId: r.patientId, createdAt: r.createdAt, createdBy: r.createdBy, provenance: r.provenance as RecommendationProvenance });
  }

  async listForPatient(principal: Principal | undefined, patientId: string): Promise<RecommendationView[]> {
    requireAccess(principal, Permission.TwinRead, patientId);
    const store = this.requireStore();
    const rows = await auditedRead(this.audit, { actor: principal.id, action: 'list-recommendations', patientId, resource: `Recommendation?patient=${patientId}` }, () => store.byPatient(patientId), outcomeOf);
    return rows.map(recommendationView);
  }

  async rerun(principal: Principal | undefined, id: string): Promise<RerunView> {
    requireAccess(principal, Permission.TwinRead);
    const stored = await this.load(principal, id, 'rerun-recommendation');
    const twin = (stored.provenance as { twin?: unknown }).twin;
    // computed on the twin (a settings recommendation): the twin is folded again from its log through the stored mark
    const outcome = isTwinBasis(twin) && this.twinRecommendations !== undefined ? await this.twinRecommendations.rerunStored({ ...stored, provenance: { twin } }) : rerunRecommendation(stored);
    return { id, reproduced: outcome.reproduced, differences: outcome.differences, stored_models: (stored.provenance as { models?: unknown }).models ?? null, rerun_models: outcome.models, output: outcome.output };
  }

  async decide(principal: Principal | undefined, id: string, body: unknown): Promise<RecommendationView> {
    requireAccess(principal, Permission.RecommendationDecide);
    const decision = parseRecommendationDecision(body);
    const store = this.requireStore();
    const stored = await this.find(store, id);
    if (stored.patientId !== null) requireAccess(principal, Permission.RecommendationDecide, stored.patientId);
    await store.decide(id, { decision: decision.decision, reason: decision.reason, channel: 'api', decidedBy: principal.id }, stored.patientId);
    return recommendationView(await this.find(store, id));
  }

  private async load(principal: Principal, id: string, action: string): Promise<StoredRecommendation> {
    const store = this.requireStore();
    const stored = await this.find(store, id);
    if (stored.patientId === null) return stored;
    requireAccess(principal, Permission.TwinRead, stored.patientId);
    return auditedRead(this.audit, { actor: principal.id, action, patientId: stored.patientId, resource: `Recommendation/${id}` }, () => Promise.resolve(stored), outcomeOf);
  }

  private async find(store: RecommendationStore, id: string): Promise<StoredRecommendation> {
    const stored = UUID.test(id) ? await store.get(id) : undefined;
    if (stored === undefined) throw new RecommendationNotFoundError();
    return stored;
  }

  private requireStore(): RecommendationStore {
    if (this.store === undefined) throw new RecommendationStoreUnavailableError();
    return this.store;
  }
}
