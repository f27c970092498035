import { ProtectedApi } from '@shuji/observability';
import { BadRequestException, Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { calculateWarfarinDose, parseWarfarinDoseRequest, RecommendInputError, WARFARIN_DOSE_REQUEST_SCHEMA, type WarfarinDoseResult } from '@shuji/recommend';
import { BadFieldAnswer, JsonBody } from './openapi.decorators';

/**
 * Stateless warfarin start calculator (issue 15). Any authenticated principal may call it: it reads and stores
 * no personal data, so there is no patient scope to check. The model and its sources: @shuji/recommend.
 */
@Controller('v1/calculators')
@ProtectedApi('Calculators', { rateLimited: false })
export class WarfarinDoseController {
  @Post('warfarin-dose')
  @ApiOperation({ summary: "Warfarin maintenance dose on the Hamberg 2007 PK/PD model with genotype, interactions from the knowledge base (libs/recommend README)" })
  @JsonBody(WARFARIN_DOSE_REQUEST_SCHEMA)
  @ApiOkResponse({ description: '{ weekly_dose_mg, interval, rests_on }' })
  @BadFieldAnswer()
  @HttpCode(200)
  warfarinDose(@Body() body: unknown): WarfarinDoseResult {
    try {
      return calculateWarfarinDose(parseWarfarinDoseRequest(body));
    } catch (err) {
      if (err instanceof RecommendInputError) throw new BadRequestException({ statusCode: 400, error: 'Bad Request', field: err.field, message: err.message });
      throw err;
    }
  }
}
