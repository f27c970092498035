import { BadRequestException, Controller, Get, Inject, NotFoundException, Param } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam } from '@nestjs/swagger';
import { KnowledgeCodeError, knowledgeSummary, nodeView, type KnowledgeBase, type KnowledgeSummary, type NodeKind, type NodeView } from '@shuji/knowledge';
import { ProtectedApi } from '@shuji/observability';

export const KNOWLEDGE_BASE = Symbol('KNOWLEDGE_BASE');

/**
 * The knowledge base, read only (issue 13). Any authenticated principal may read it: it holds no personal data, so
 * there is no patient scope to check and nothing to audit. The base and its sources: @shuji/knowledge, docs/knowledge.md.
 */
@Controller('v1/knowledge')
@ProtectedApi('Knowledge')
export class KnowledgeController {
  constructor(@Inject(KNOWLEDGE_BASE) private readonly kb: KnowledgeBase) {}

  @Get()
  @ApiOperation({ summary: 'The knowledge base: version, content hash, code systems, counts of nodes and edges' })
  @ApiOkResponse({ description: 'KnowledgeSummary' })
  summary(): KnowledgeSummary {
    return knowledgeSummary(this.kb);
  }

  @Get('conditions/:code')
  @ApiOperation({ summary: "A condition's edges (treats, monitored-by, contraindicated-with), each with its sources, and the models explaining what monitors it" })
  @ApiParam({ name: 'code', description: 'SNOMED CT concept id, e.g. 38341003 (hypertension)' })
  @ApiOkResponse({ description: 'NodeView' })
  @ApiBadRequestResponse({ description: 'not a well-formed SNOMED CT concept id' })
  @ApiNotFoundResponse({ description: 'no such condition in the knowledge base' })
  condition(@Param('code') code: string): NodeView {
    return this.view('condition', code);
  }

  @Get('drugs/:code')
  @ApiOperation({ summary: "A drug's edges (treats, interacts-with with mechanism and effect, contraindicated-with, monitored-by, explained-by-model), each with its sources" })
  @ApiParam({ name: 'code', description: 'ATC code (e.g. B01AA03) or RxNorm ingredient code (e.g. 11289), warfarin' })
  @ApiOkResponse({ description: 'NodeView' })
  @ApiBadRequestResponse({ description: 'neither an ATC substance code nor an RxNorm code' })
  @ApiNotFoundResponse({ description: 'no such drug in the knowledge base' })
  drug(@Param('code') code: string): NodeView {
    return this.view('drug', code);
  }

  @Get('observations/:code')
  @ApiOperation({ summary: "An observation's edges (monitored-by, explained-by-model), each with its sources" })
  @ApiParam({ name: 'code', description: 'LOINC code, e.g. 8480-6 (systolic blood pressure)' })
  @ApiOkResponse({ description: 'NodeView' })
  @ApiBadRequestResponse({ description: 'not a well-formed LOINC code' })
  @ApiNotFoundResponse({ description: 'no such observation in the knowledge base' })
  observation(@Param('code') code: string): NodeView {
    return this.view('observation', code);
  }

  private view(kind: Exclude<NodeKind, 'model'>, code: string): NodeView {
    try {
      return nodeView(this.kb, kind, code);
    } catch (err) {
      if (err instanceof KnowledgeCodeError) {
        throw err.code === 'KNOWLEDGE_CODE_MALFORMED' ? new BadRequestException({ statusCode: 400, error: 'Bad Request', field: 'code', message: err.message }) : new NotFoundException(err.message);
      }
      throw err;
    }
  }
}
