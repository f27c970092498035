/** The T1D what-if's outcomes per member: the consensus CGM metrics (Battelino 2019) but the level 2 event count. */
import { CGM_CONSENSUS_METRICS } from '@shuji/population';

/** In the order results list them. */
export const T1D_OUTCOMES = CGM_CONSENSUS_METRICS.filter((m) => m.key !== 'level2HypoEvents');
export const T1D_OUTCOME_KEYS = T1D_OUTCOMES.map((m) => m.key);
