import { ProtectedApi } from '@shuji/observability';
import { BadRequestException, Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import { calculateWarfarinDose, parseWarfarinDoseRequest, RecommendInputError, type WarfarinDoseResult } from '@shuji/recommend';

/**
 * Stateless warfarin start calculator (issue 15). Any authenticated principal may call it: it reads and stores
 * no personal data, so there is no patient scope to check. The model and its sources: @shuji/recommend.
 */
@Controller('v1/calculators')
@ProtectedApi('Calculators', { rateLimited: false })
export class WarfarinDoseController {
  @Post('warfarin-dose')
  @ApiOperation({ summary: 'Warfarin starting dose (IWPC 2009; libs/recommend README)' })
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
