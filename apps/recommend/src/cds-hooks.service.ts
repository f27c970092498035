import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { ACCESS_AUDIT, auditedRead, Permission, requireAccess, type AccessAudit, type Principal } from '@shuji/access';
import {
  amlodipineOrderCard,
  CDS_SERVICES,
  cdsServiceById,
  draftMedicationOrders,
  makeRecommendation,
  parseCdsFeedback,
  parseCdsHookRequest,
  patientViewCards,
  riskFlags,
  WARFARIN_ATC,
  warfarinInputsFromHook,
  warfarinMissingInputsCard,
  warfarinOrderCard,
  type CdsCard,
  type CdsFeedbackEntry,
  type CdsHookRequest,
  type CdsResponse,
  type CdsServiceDefinition,
  type WarfarinDoseResult,
} from '@shuji/recommend';
import {
  CdsServiceNotFoundError,
  CODE_VERSION,
  PANEL_FACTS,
  RECOMMENDATION_STORE,
  RecommendationStoreUnavailableError,
  TWIN_CONTEXT,
  type PanelFactsReader,
  type RecommendationStore,
  type TwinContextReader,
} from './recommendation.tokens';

/** The reason of an overridden card as one text (a decision needs one), null for an accepted card. */
function overrideText(entry: CdsFeedbackEntry): string | null {
  if (entry.outcome === 'accepted') return null;
  const reason = [entry.overrideReason?.reason?.display || entry.overrideReason?.reason?.code, entry.overrideReason?.userComment].filter((t) => t !== undefined && t !== '').join(': ');
  return reason === '' ? 'overridden in the CDS client (no reason given)' : reason;
}

/** The window of CGM readings the patient-view risk flags read (as the dashboard's panel: 24 h). */
const FLAG_WINDOW_MS = 24 * 3_600_000;

/**
 * CDS Hooks 2.0 (https://cds-hooks.hl7.org/2.0/): discovery, the hooks and feedback. A hook call is a read of the
 * patient's data by the CDS client's principal (its JWT, verified by @shuji/access like any OpenID Connect token):
 * `twin.read` with the patient in scope, audited. A warfarin order's dose card is a stored recommendation (its id is
 * the card's uuid), so feedback on it is recorded as a decision on that recommendation; all feedback is stored.
 */
@Injectable()
export class CdsHooksService {
  constructor(
    @Inject(CODE_VERSION) private readonly codeVersion: string,
    @Optional() @Inject(RECOMMENDATION_STORE) private readonly store?: RecommendationStore,
    @Optional() @Inject(PANEL_FACTS) private readonly panelFacts?: PanelFactsReader,
    @Optional() @Inject(TWIN_CONTEXT) private readonly twinContext?: TwinContextReader,
    @Optional() @Inject(ACCESS_AUDIT) private readonly audit?: AccessAudit,
  ) {}

  discovery(): { services: readonly CdsServiceDefinition[] } {
    return { services: CDS_SERVICES };
  }

  async call(principal: Principal | undefined, serviceId: string, body: unknown, now = new Date()): Promise<CdsResponse> {
    requireAccess(principal, Permission.TwinRead);
    const service = this.service(serviceId);
    const request = parseCdsHookRequest(body, service);
    const patientId = request.context.patientId;
    requireAccess(principal, Permission.TwinRead, patientId);
    const store = this.requireStore();
    const cards = await auditedRead(
      this.audit,
      { actor: principal.id, action: `cds-hook:${service.hook}`, patientId, resource: `cds-services/${service.id}` },
      () => (service.hook === 'patient-view' ? this.patientView(store, request, principal.id, now) : this.orders(store, request, principal.id, now)),
      () => 'error',
    );
    return { cards };
  }

  async feedback(principal: Principal | undefined, serviceId: string, body: unknown): Promise<{ recorded: number; decisions: number }> {
    requireAccess(principal, Permission.RecommendationDecide);
    const service = this.service(serviceId);
    const entries = parseCdsFeedback(body);
    const store = this.requireStore();
    const { decisions } = await store.recordFeedback(
      entries.map((e) => ({ serviceId: service.id, cardUuid: e.card, outcome: e.outcome, entry: e, outcomeAt: e.outcomeTimestamp, recordedBy: principal.id, decisionReason: overrideText(e) })),
    );
    return { recorded: entries.length, decisions };
  }

  private async patientView(store: RecommendationStore, request: CdsHookRequest, actor: string, now: Date): Promise<CdsCard[]> {
    const patientId = request.context.patientId;
    const facts = await this.panelFacts?.(patientId, new Date(now.getTime() - FLAG_WINDOW_MS), actor);
    const open = await store.byPatient(patientId, { undecidedOnly: true, limit: 5 });
    return patientViewCards(facts === undefined ? [] : riskFlags(facts), open.map((r) => ({ id: r.id, kind: r.kind, headline: r.headline, createdAt: r.createdAt.toISOString() })), randomUUID);
  }

  private async orders(store: RecommendationStore, request: CdsHookRequest, actor: string, now: Date): Promise<CdsCard[]> {
    const cards: CdsCard[] = [];
    for (const order of draftMedicationOrders(request)) {
      if (order.atc !== WARFARIN_ATC) {
        const card = amlodipineOrderCard(order, randomUUID);
        if (card !== undefined) cards.push(card);
        continue;
      }
      const inputs = warfarinInputsFromHook(request, now.toISOString().slice(0, 10));
      if (!inputs.ok) {
        cards.push(warfarinMissingInputsCard(inputs.missing, randomUUID));
        continue;
      }
      const patientId = request.context.patientId;
      const draft = makeRecommendation({ kind: 'warfarin-dose', patientId, inputs: inputs.inputs }, { codeVersion: this.codeVersion, twin: (await this.twinContext?.(patientId)) ?? null });
      const stored = await store.create(
        { id: randomUUID(), kind: draft.kind, patientId, inputs: draft.inputs, output: draft.output, headline: draft.headline, provenance: draft.provenance, createdBy: actor },
        `cds-hook:${request.hook}:recommend`,
      );
      cards.push(warfarinOrderCard(order, { id: stored.id, output: stored.output as WarfarinDoseResult }, randomUUID));
    }
    return cards;
  }

  private service(id: string): CdsServiceDefinition {
    const service = cdsServiceById(id);
    if (service === undefined) throw new CdsServiceNotFoundError(id);
    return service;
  }

  private requireStore(): RecommendationStore {
    if (this.store === undefined) throw new RecommendationStoreUnavailableError();
    return this.store;
  }
}
