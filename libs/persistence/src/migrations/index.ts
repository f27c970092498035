import { InitialSchema1764300000000 } from './1764300000000-initial-schema.migration';
import { TwinSchema1764400000000 } from './1764400000000-twin-schema.migration';
import { EventIdentity1764500000000 } from './1764500000000-event-identity.migration';
import { AuditChain1764600000000 } from './1764600000000-audit-chain.migration';
import { PopulationSchema1764700000000 } from './1764700000000-population-schema.migration';
import { RecommendationSchema1764800000000 } from './1764800000000-recommendation-schema.migration';
import { TwinEventVisibility1764900000000 } from './1764900000000-twin-event-visibility.migration';

/** Every migration, oldest first. TypeORM records the ones it ran in its `migrations` table. */
export const MIGRATIONS = [InitialSchema1764300000000, TwinSchema1764400000000, EventIdentity1764500000000, AuditChain1764600000000, PopulationSchema1764700000000, RecommendationSchema1764800000000, TwinEventVisibility1764900000000];
