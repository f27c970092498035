import { BadRequestException, NotFoundException, ServiceUnavailableException, UnprocessableEntityException } from '@nestjs/common';
import { RetryLaterException } from '@shuji/messaging';
import { RecommendInputError, WhatIfUnavailableError } from '@shuji/recommend';
import { TwinNotFoundError } from '@shuji/twin';
import { CdsServiceNotFoundError, RecommendationNotFoundError, RecommendationStoreUnavailableError, UnknownPatientError } from './recommendation.tokens';
import { RerunTimedOutError, SimulationNotFoundError } from './simulation-jobs.service';

/**
 * Domain errors of the recommend app to HTTP: a bad field 400 naming it; an unknown twin (naming `patientId`),
 * simulation, recommendation or CDS service 404; an unknown patient named in a body (`patient_id`) 422 naming the
 * field; a twin that cannot be simulated 422; no database for the recommendation store 503; a re-run that could not
 * finish in time 503 with Retry-After.
 */
/** A re-run refused for time is retried after the running simulations had time to finish. */
const RERUN_RETRY_AFTER_S = 30;

export async function mapRecommendErrors<T>(run: () => Promise<T> | T): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof RecommendInputError) throw new BadRequestException({ statusCode: 400, error: 'Bad Request', field: err.field, message: err.message });
    // the path's patient: named as a refused field is, so a client can tell it from an unknown simulation
    if (err instanceof TwinNotFoundError) throw new NotFoundException({ statusCode: 404, error: 'Not Found', field: 'patientId', message: err.message });
    if (err instanceof SimulationNotFoundError || err instanceof RecommendationNotFoundError || err instanceof CdsServiceNotFoundError) {
      throw new NotFoundException(err.message);
    }
    if (err instanceof UnknownPatientError) throw new UnprocessableEntityException({ statusCode: 422, error: 'Unprocessable Entity', field: err.field, message: err.message });
    if (err instanceof WhatIfUnavailableError) throw new UnprocessableEntityException(err.message);
    // no database configured: retrying will not help, so no Retry-After
    if (err instanceof RecommendationStoreUnavailableError) throw new ServiceUnavailableException(err.message);
    if (err instanceof RerunTimedOutError) throw new RetryLaterException(err.message, RERUN_RETRY_AFTER_S);
    throw err;
  }
}
