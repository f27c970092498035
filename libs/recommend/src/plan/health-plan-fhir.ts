/**
 * A health-management plan as a FHIR R4 CarePlan (http://hl7.org/fhir/R4/careplan.html) with its targets as contained
 * Goals (http://hl7.org/fhir/R4/goal.html): status `draft` and intent `proposal`, since nothing in it is agreed until
 * the person and their clinician take it up; Goals `proposed`, with an achievement status from the person's own data
 * (`achieved` / `not-achieved`, none without data) and a target range whose measure is named in text (gol-1: a
 * target's detail needs its measure); each offered action an activity whose description says what to do, the
 * predicted effect and its source, linked to the Goals its outcome measures.
 */
import type { HealthPlan, HealthPlanTarget } from './build-health-plan';

const UCUM = 'http://unitsofmeasure.org';
const ACHIEVEMENT = 'http://terminology.hl7.org/CodeSystem/goal-achievement';

const quantity = (value: number, unit: string) => ({ value, unit, system: UCUM, code: unit });

function goal(t: HealthPlanTarget, id: string, patient: string): Record<string, unknown> {
  const range = { ...(t.low === null ? {} : { low: quantity(t.low, t.unit) }), ...(t.high === null ? {} : { high: quantity(t.high, t.unit) }) };
  const now = t.current === null ? `no recent value: ${t.currentSource}` : `now ${t.current.toFixed(1)} ${t.unit} (${t.currentSource})`;
  return {
    resourceType: 'Goal',
    id,
    lifecycleStatus: 'proposed',
    ...(t.status === 'no-data' ? {} : { achievementStatus: { coding: [{ system: ACHIEVEMENT, code: t.status === 'met' ? 'achieved' : 'not-achieved' }] } }),
    description: { text: t.title },
    subject: { reference: `Patient/${patient}` },
    target: [{ measure: { text: t.outcome === null ? t.title : t.outcome.replaceAll('_', ' ') }, detailRange: range }],
    note: [{ text: `${now}. Source: ${t.source}` }],
  };
}

/** The plan as a CarePlan resource with `id`. */
export function healthPlanCarePlan(plan: HealthPlan, id: string): Record<string, unknown> {
  const goalIds = plan.targets.map((_, i) => `goal-${i}`);
  return {
    resourceType: 'CarePlan',
    id,
    status: 'draft',
    intent: 'proposal',
    title: 'Health-management plan',
    description: plan.headline,
    subject: { reference: `Patient/${plan.patient_id}` },
    created: plan.as_of,
    contained: plan.targets.map((t, i) => goal(t, goalIds[i], plan.patient_id)),
    ...(goalIds.length === 0 ? {} : { goal: goalIds.map((g) => ({ reference: `#${g}` })) }),
    ...(plan.actions.length === 0
      ? {}
      : {
          activity: plan.actions.map((a) => {
            const measured = plan.targets.flatMap((t, i) => (t.component === a.component && t.outcome === a.outcome ? [{ reference: `#${goalIds[i]}` }] : []));
            return {
              detail: {
                status: 'not-started',
                description: `${a.title}. ${a.detail} Predicted by the digital twin: ${a.effect}. Source: ${a.source}`,
                ...(measured.length === 0 ? {} : { goal: measured }),
              },
            };
          }),
        }),
    note: [
      {
        text:
          `Proposed by Shuji from the person's digital twin as of ${plan.as_of} (seed ${plan.seed}, ${plan.members} ensemble members` +
          `${plan.rests_on === undefined ? '' : `; revision ${plan.rests_on.twin_revision} of ${plan.rests_on.components.join(', ')}, fitted to ${plan.rests_on.observations.map((o) => `${o.count} observations of LOINC ${o.loinc}`).join(', ')}`}); ` +
          'not reviewed by a clinician, nothing is applied. Predicted effects are simulations, not promises.',
      },
    ],
  };
}
