import type { IssueSeverity, IssueType, OperationOutcome, OperationOutcomeIssue } from './fhir-types';

/** R4 OperationOutcome (https://hl7.org/fhir/R4/operationoutcome.html); an empty list becomes one "All OK" issue, as the resource needs ≥1 issue. */
export function buildOperationOutcome(issues: readonly OperationOutcomeIssue[]): OperationOutcome {
  if (issues.length === 0) {
    return { resourceType: 'OperationOutcome', issue: [{ severity: 'information', code: 'informational', diagnostics: 'All OK' }] };
  }
  return { resourceType: 'OperationOutcome', issue: issues.map((i) => ({ ...i })) };
}

export function fhirIssue(severity: IssueSeverity, code: IssueType, diagnostics: string, expression?: string): OperationOutcomeIssue {
  return expression === undefined ? { severity, code, diagnostics } : { severity, code, diagnostics, expression: [expression] };
}

/** Errors and fatals block a resource; warnings and information do not. */
export function hasBlockingIssue(issues: readonly OperationOutcomeIssue[]): boolean {
  return issues.some(isBlocking);
}

const UNPROCESSABLE = new Set(['not-found', 'multiple-matches', 'processing', 'business-rule']);

/**
 * The status of a rejection, from its blocking issues: 400 when the content is malformed or fails FHIR rules; 422
 * when it is well formed but cannot be processed (unresolvable reference, unconvertible unit, an implausible value).
 */
export function rejectionStatus(issues: readonly OperationOutcomeIssue[]): 400 | 422 {
  return issues.filter(isBlocking).every((i) => UNPROCESSABLE.has(i.code)) ? 422 : 400;
}

function isBlocking(issue: OperationOutcomeIssue): boolean {
  return issue.severity === 'error' || issue.severity === 'fatal';
}
