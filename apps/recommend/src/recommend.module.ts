import { Module, type DynamicModule } from '@nestjs/common';
import { ACCESS_AUDIT } from '@shuji/access';
import { AuditRepository, ObservationRepository, PatientRepository, RecommendationRepository } from '@shuji/persistence';
import { defaultOptimiseRegistry, defaultWhatIfRegistry } from '@shuji/recommend';
import { TwinNotFoundError, TwinService } from '@shuji/twin';
import { DataSource } from 'typeorm';
import { CdsDiscoveryController, CdsHooksController } from './cds-hooks.controller';
import { CdsHooksService } from './cds-hooks.service';
import { CODE_VERSION, DEFAULT_CODE_VERSION, KNOWN_PATIENT, PANEL_FACTS, RECOMMENDATION_STORE, TWIN_CONTEXT, type KnownPatientReader, type PanelFactsReader, type TwinContextReader } from './recommendation.tokens';
import { HealthPlansController } from './health-plans.controller';
import { HealthPlansService } from './health-plans.service';
import { MeRecommendController } from './me-recommend.controller';
import { RecommendationsController } from './recommendations.controller';
import { RecommendationsService } from './recommendations.service';
import { DEFAULT_SIMULATION_JOB_OPTIONS, OPTIMISE_REGISTRY, SIMULATION_JOB_OPTIONS, SimulationJobsService, WHAT_IF_REGISTRY, type SimulationJobOptions } from './simulation-jobs.service';
import { SimulationsController } from './simulations.controller';
import { WarfarinDoseController } from './warfarin-dose.controller';

/** The twin a recommendation rests on: revision and component models, null when the patient has no twin. */
function twinContextOf(twins: TwinService): TwinContextReader {
  return async (patientId) => {
    try {
      const summary = await twins.summary(patientId);
      return { revision: summary.revision, components: summary.components.map((c) => c.id) };
    } catch (err) {
      if (err instanceof TwinNotFoundError) return null;
      throw err;
    }
  };
}

/** Whether the store knows the patient (a Patient resource or an observation). */
function knownPatientOf(patients: PatientRepository): KnownPatientReader {
  return (patientId) => patients.isKnown(patientId);
}

/** The risk flags' facts of one patient from the stored observations (the panel's query, audited as the actor's read). */
function panelFactsOf(dataSource: DataSource): PanelFactsReader {
  const observations = new ObservationRepository(dataSource);
  return async (patientId, since, actor) => (await observations.panel([patientId], since, { actor, action: 'cds-hook:patient-view' }, 1))[0];
}

/** The recommendation endpoints; imported by apps/platform (the bearer guard needs AccessModule at the root). */
@Module({ controllers: [WarfarinDoseController] })
export class RecommendModule {
  /**
   * With the what-if simulations and settings recommendations of twins, the stored recommendations and CDS Hooks:
   * `twins` is the module that exports the TwinService holding them (the platform passes its TwinModule).
   * Recommendations, decisions, CDS feedback and reads are stored in the database when there is one (without one
   * those routes answer 503).
   */
  static withSimulations(twins: DynamicModule, options: Partial<SimulationJobOptions> = {}): DynamicModule {
    const optionalDataSource = [{ token: DataSource, optional: true }];
    return {
      module: RecommendModule,
      imports: [twins],
      controllers: [SimulationsController, RecommendationsController, HealthPlansController, MeRecommendController, CdsDiscoveryController, CdsHooksController],
      providers: [
        SimulationJobsService,
        SimulationsController,
        RecommendationsService,
        HealthPlansService,
        CdsHooksService,
        { provide: WHAT_IF_REGISTRY, useFactory: defaultWhatIfRegistry },
        { provide: OPTIMISE_REGISTRY, useFactory: defaultOptimiseRegistry },
        { provide: SIMULATION_JOB_OPTIONS, useValue: { ...DEFAULT_SIMULATION_JOB_OPTIONS, ...options } },
        // the platform's one AuditRepository: all reads' rows committed together (group commit)
        { provide: ACCESS_AUDIT, useFactory: (audit?: AuditRepository) => audit, inject: [{ token: AuditRepository, optional: true }] },
        { provide: RECOMMENDATION_STORE, useFactory: (dataSource?: DataSource) => (dataSource ? new RecommendationRepository(dataSource, new AuditRepository(dataSource)) : undefined), inject: optionalDataSource },
        { provide: PANEL_FACTS, useFactory: (dataSource?: DataSource) => (dataSource ? panelFactsOf(dataSource) : undefined), inject: optionalDataSource },
        { provide: TWIN_CONTEXT, useFactory: twinContextOf, inject: [TwinService] },
        { provide: KNOWN_PATIENT, useFactory: (dataSource?: DataSource): KnownPatientReader | undefined => (dataSource ? knownPatientOf(new PatientRepository(dataSource)) : undefined), inject: optionalDataSource },
        { provide: CODE_VERSION, useValue: DEFAULT_CODE_VERSION },
      ],
    };
  }
}
