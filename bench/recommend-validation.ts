/**
 * recommend-validation — the figures docs/validation.md quotes for @shuji/recommend (issue 15), as markdown:
 *  - the weight planner against the NIH Body Weight Planner cases quoted in the tests of the MIT-licensed R
 *    package `bw` (relative error per figure);
 *  - Hall et al. Lancet 2011's rule for a permanent −10 kcal/d on the Hall model's reference adult (eventual
 *    change, years to 50 % and to 95 % of it);
 *  - the warfarin calculator against the IWPC pharmacogenetic algorithm (NEJM 2009) on virtual patients across
 *    the 18 CYP2C9 × VKORC1 genotypes at 45, 65 and 80 years.
 * Usage: npm run validate:recommend
 */
import { CYP2C9_GENOTYPES, getCompiledModel, simulate, VKORC1_GENOTYPES } from '@shuji/models';
import { calculateWarfarinDose, KJ_PER_KCAL, planWeight, type WarfarinDoseRequest, type WeightPlanRequest } from '@shuji/recommend';
import { iwpcPharmacogeneticWeeklyDose } from '@shuji/recommend';

const pct = (x: number): string => `${(100 * x).toFixed(2)} %`;

console.log('### Weight planner against the NIH Body Weight Planner\n');
console.log('| case | figure | NIH BWP (kcal/d) | Shuji (kcal/d) | error |\n|---|---|---|---|---|');
const cases: [string, WeightPlanRequest, number[]][] = [
  ['man 36 y, 1.73 m, 76 kg, PAL 1.5 → 70 kg', { sex: 'male', ageYears: 36, heightCm: 173, weightKg: 76, physicalActivityLevel: 1.5, goalWeightKg: 70, startDate: '2027-01-01', goalDate: '2028-01-01' }, [2503, 2360, 2287]],
  ['woman 21 y, 1.64 m, 58 kg, PAL 1.7 → 55 kg', { sex: 'female', ageYears: 21, heightCm: 164, weightKg: 58, physicalActivityLevel: 1.7, goalWeightKg: 55, startDate: '2027-01-01', goalDate: '2028-01-01' }, [2278, 2187, 2159]],
];
for (const [name, request, nih] of cases) {
  const plan = planWeight(request);
  const ours = [plan.maintenanceKcalPerDay, plan.goalMaintenanceKcalPerDay, plan.goalByDateKcalPerDay];
  ['maintain current', 'maintain goal', 'reach goal in 365 d'].forEach((figure, k) =>
    console.log(`| ${name} | ${figure} | ${nih[k]} | ${ours[k].toFixed(1)} | ${pct((ours[k] - nih[k]) / nih[k])} |`),
  );
}

const hall = getCompiledModel('hall-body-weight');
const days = 30 * 365;
const run = simulate(hall, { duration: days, reportEvery: 1, schedule: [{ kind: 'set-input', t: 0, input: 'deltaEI', value: -10 * KJ_PER_KCAL }], rtol: 1e-9, atol: 1e-9, includeStates: false });
const bw = run.column('bodyWeight');
const change = bw.map((w) => w - bw[0]);
const eventual = change[change.length - 1];
const yearsTo = (fraction: number): number => change.findIndex((d) => Math.abs(d) >= fraction * Math.abs(eventual)) / 365;
console.log('\n### Hall 2011 rule, −10 kcal/d for the reference adult (man, 40 y, 175 cm, 90 kg, PAL 1.6)\n');
console.log(`eventual change ${eventual.toFixed(3)} kg (rule: about −0.45 kg); 50 % after ${yearsTo(0.5).toFixed(2)} y (about 1 y); 95 % after ${yearsTo(0.95).toFixed(2)} y (about 3 y)`);

console.log('\n### Warfarin calculator against IWPC (European ancestry, 170 cm, 75 kg, no interacting drug, target INR 2.5)\n');
const perGenotype: string[] = [];
const summary: string[] = [];
for (const age of [45, 65, 80]) {
  let sumRelative = 0;
  let within = 0;
  const ratios: number[] = [];
  for (const cyp2c9 of CYP2C9_GENOTYPES) {
    for (const vkorc1 of VKORC1_GENOTYPES) {
      const request: WarfarinDoseRequest = { ageYears: age, heightCm: 170, weightKg: 75, cyp2c9, vkorc1, race: 'white', amiodarone: false, enzymeInducer: false, targetInr: 2.5 };
      const result = calculateWarfarinDose(request);
      const iwpc = iwpcPharmacogeneticWeeklyDose(request);
      const ratio = result.weekly_dose_mg / iwpc;
      ratios.push(ratio);
      sumRelative += Math.abs(ratio - 1);
      if (Math.abs(ratio - 1) <= 0.2) within++;
      if (age === 65) perGenotype.push(`| ${cyp2c9} | ${vkorc1} | ${result.weekly_dose_mg} | ${result.interval[0]}–${result.interval[1]} | ${iwpc.toFixed(1)} | ${ratio.toFixed(2)} |`);
    }
  }
  summary.push(`| ${age} | ${pct(sumRelative / 18)} | ${within} / 18 | ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)} |`);
}
console.log('| age | mean \\|Shuji − IWPC\\| / IWPC | within 20 % of IWPC | Shuji / IWPC |\n|---|---|---|---|');
console.log(summary.join('\n'));
console.log('\nAt 65 years (mg/week; interval: Shuji\'s 10th–90th percentile):\n');
console.log('| CYP2C9 | VKORC1 −1639 | Shuji | interval | IWPC | Shuji / IWPC |\n|---|---|---|---|---|---|');
console.log(perGenotype.join('\n'));
for (const race of ['white', 'black', 'asian'] as const) {
  const request: WarfarinDoseRequest = { ageYears: 65, heightCm: 170, weightKg: 75, cyp2c9: null, vkorc1: null, race, amiodarone: false, enzymeInducer: false, targetInr: 2.5 };
  const result = calculateWarfarinDose(request);
  console.log(`\nunknown genotype, ${race}: Shuji ${result.weekly_dose_mg} (${result.interval[0]}–${result.interval[1]}) mg/week; IWPC (genotype unknown) ${iwpcPharmacogeneticWeeklyDose(request).toFixed(1)}`);
}
