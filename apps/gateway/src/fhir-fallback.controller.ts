import { All, Controller, NotFoundException, Req, UseFilters } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import { FhirExceptionFilter } from './fhir-exception.filter';

/**
 * Any other method or path under /fhir: a 404 OperationOutcome instead of the framework's own error body.
 * Registered after FhirController, so Express tries the real routes first.
 */
// a catch-all for unsupported FHIR interactions, not an operation: excluded from the OpenAPI document
@ApiExcludeController()
@Controller('fhir')
@UseFilters(FhirExceptionFilter)
export class FhirFallbackController {
  @All(['', '*path'])
  unsupported(@Req() req: Request): never {
    throw new NotFoundException(`${req.method} ${req.path} is not supported: POST /fhir (Bundle), POST /fhir/Observation, GET /fhir/Observation`);
  }
}
