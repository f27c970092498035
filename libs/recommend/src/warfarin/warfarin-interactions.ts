/**
 * Drugs that change warfarin exposure, as the calculator takes them: factors on S-warfarin clearance with their sources,
 * read from the knowledge base's interacts-with edges (@shuji/knowledge: amiodarone ×0.6, Sanoski & Bauman 2002;
 * rifampicin ×2.0 standing for the enzyme inducers of the IWPC's list, the lower end of the reported range).
 */
import { interactionFactor, knowledgeBase, type KnowledgeEdge } from '@shuji/knowledge';

const WARFARIN = 'B01AA03';
const S_CLEARANCE = 'S-warfarin clearance';

export interface ClearanceFactor {
  readonly factor: number;
  /** The knowledge base's sources of the interaction, as one line. */
  readonly source: string;
}

function clearanceFactorOf(perpetratorAtc: string): ClearanceFactor {
  const { factor, edge } = interactionFactor(knowledgeBase(), perpetratorAtc, WARFARIN, S_CLEARANCE);
  return { factor, source: sourceLine(edge) };
}

const sourceLine = (edge: KnowledgeEdge): string => edge.sources.map((s) => s.citation + (s.doi === undefined ? '' : ` (doi:${s.doi})`)).join('; ');

/** Amiodarone (ATC C01BD01) on S-warfarin clearance. */
export const AMIODARONE_CLEARANCE = clearanceFactorOf('C01BD01');
/** An enzyme inducer (rifampicin, carbamazepine, phenytoin: the IWPC's list), as rifampicin (ATC J04AB02) on S-warfarin clearance. */
export const ENZYME_INDUCER_CLEARANCE = clearanceFactorOf('J04AB02');
