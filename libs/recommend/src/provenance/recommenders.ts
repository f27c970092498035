/**
 * The recommendations Shuji stores and can re-run (issue 15, "explanations and provenance"): each kind parses
 * its inputs (refusals name the field, prefixed `inputs.`), computes its output deterministically (fixed seeds,
 * fixed tolerances) and says what it rests on: the models and their versions, the sources, the seed.
 * A new kind is one more entry here; the store, the re-run and the HTTP edge never change for it.
 */
import { HAMBERG_WARFARIN_MODEL } from '@shuji/models';
import { RecommendInputError } from '../shared/recommend-input.error';
import { calculateWarfarinDose } from '../warfarin/warfarin-dose.calculator';
import { parseWarfarinDoseRequest } from '../warfarin/warfarin-dose.request';
import { planWeight } from '../weight/weight-planner';
import { parseWeightPlanRequest } from './weight-plan.request';

export interface ModelVersion {
  readonly id: string;
  readonly version: string;
}

/** What one run of a recommender produced and rests on (no twin: the twin's part is added by the caller). */
export interface RecommenderRun {
  readonly output: unknown;
  readonly models: readonly ModelVersion[];
  readonly sources: readonly string[];
  /** The seed of every random draw in the run, or null when it draws none. */
  readonly seed: number | null;
  /** A sentence for a card or a list: what is recommended, with its number. */
  readonly headline: string;
}

export interface Recommender {
  readonly kind: string;
  /** Computes from the stored inputs; throws RecommendInputError naming `inputs.<field>`. */
  run(inputs: unknown): RecommenderRun;
}

const prefixed = (run: () => RecommenderRun): RecommenderRun => {
  try {
    return run();
  } catch (err) {
    if (err instanceof RecommendInputError && !err.field.startsWith('inputs')) throw new RecommendInputError(`inputs.${err.field}`, err.message.slice(err.field.length + 2));
    throw err;
  }
};

export const WARFARIN_DOSE_RECOMMENDER: Recommender = {
  kind: 'warfarin-dose',
  run: (inputs) =>
    prefixed(() => {
      const output = calculateWarfarinDose(parseWarfarinDoseRequest(inputs));
      return {
        output,
        models: [{ id: HAMBERG_WARFARIN_MODEL.id, version: HAMBERG_WARFARIN_MODEL.version }],
        sources: [
          output.rests_on.model.reference,
          output.rests_on.genotype_source,
          ...output.rests_on.clearance_factors.map((f) => `${f.drug}: ${f.source}`),
        ],
        seed: output.rests_on.inter_individual_variability.seed,
        headline: `Warfarin ${output.weekly_dose_mg} mg/week (80 % interval ${output.interval[0]}–${output.interval[1]}) for INR ${output.rests_on.target_inr}`,
      };
    }),
};

export const WEIGHT_PLAN_RECOMMENDER: Recommender = {
  kind: 'weight-plan',
  run: (inputs) =>
    prefixed(() => {
      const request = parseWeightPlanRequest(inputs, 'inputs.');
      const output = planWeight(request);
      return {
        output,
        models: [output.model],
        sources: ['Hall KD, et al. Lancet 2011;378:826–837 (doi:10.1016/S0140-6736(11)60812-X)', 'NIH Body Weight Planner, https://www.niddk.nih.gov/bwp'],
        seed: null,
        headline: `${Math.round(output.goalByDateKcalPerDay)} kcal/day reaches ${request.goalWeightKg} kg by ${request.goalDate}; ${Math.round(output.goalMaintenanceKcalPerDay)} kcal/day keeps it`,
      };
    }),
};

export const RECOMMENDERS: readonly Recommender[] = [WARFARIN_DOSE_RECOMMENDER, WEIGHT_PLAN_RECOMMENDER];

export function recommenderFor(kind: unknown, recommenders: readonly Recommender[] = RECOMMENDERS): Recommender {
  const found = recommenders.find((r) => r.kind === kind);
  if (found === undefined) throw new RecommendInputError('kind', `must be one of ${recommenders.map((r) => r.kind).join(', ')}`);
  return found;
}
