import { BadRequestException, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { RecommendInputError } from '@shuji/recommend';
import { CdsServiceNotFoundError, RecommendationNotFoundError, RecommendationStoreUnavailableError } from './recommendation.tokens';

/** Domain errors of recommendations and CDS Hooks to HTTP: a bad field 400 naming it, unknown 404, no store 503. */
export async function mapRecommendationErrors<T>(run: () => Promise<T> | T): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof RecommendInputError) throw new BadRequestException({ statusCode: 400, error: 'Bad Request', field: err.field, message: err.message });
    if (err instanceof RecommendationNotFoundError || err instanceof CdsServiceNotFoundError) throw new NotFoundException(err.message);
    if (err instanceof RecommendationStoreUnavailableError) throw new ServiceUnavailableException(err.message);
    throw err;
  }
}
