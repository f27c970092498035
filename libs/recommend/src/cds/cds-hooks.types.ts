/**
 * The CDS Hooks 2.0 shapes Shuji speaks (HL7, https://cds-hooks.hl7.org/2.0/): discovery, the hook request, the
 * card response and feedback. Field names are the specification's (camelCase), not Shuji's snake_case.
 */
export type CdsHook = 'patient-view' | 'order-select' | 'order-sign';

export interface CdsServiceDefinition {
  readonly hook: CdsHook;
  readonly id: string;
  readonly title: string;
  readonly description: string;
  /** Prefetch templates: FHIR queries the client may run ahead, with `{{context.patientId}}` tokens. */
  readonly prefetch: Readonly<Record<string, string>>;
  readonly usageRequirements?: string;
}

export interface FhirCoding {
  readonly system: string;
  readonly code: string;
  readonly display: string;
}

export interface CdsAction {
  readonly type: 'create' | 'update' | 'delete';
  readonly description: string;
  readonly resource?: Readonly<Record<string, unknown>>;
  readonly resourceId?: string;
}

export interface CdsSuggestion {
  readonly label: string;
  readonly uuid: string;
  readonly isRecommended?: boolean;
  readonly actions: readonly CdsAction[];
}

export interface CdsLink {
  readonly label: string;
  readonly url: string;
  readonly type: 'absolute' | 'smart';
}

export interface CdsCard {
  readonly uuid: string;
  /** Fewer than 140 characters (the specification's limit). */
  readonly summary: string;
  readonly detail?: string;
  readonly indicator: 'info' | 'warning' | 'critical';
  readonly source: { readonly label: string; readonly url?: string; readonly topic?: FhirCoding };
  readonly suggestions?: readonly CdsSuggestion[];
  readonly selectionBehavior?: 'at-most-one' | 'any';
  readonly overrideReasons?: readonly FhirCoding[];
  readonly links?: readonly CdsLink[];
}

export interface CdsResponse {
  readonly cards: readonly CdsCard[];
}

export interface CdsHookRequest {
  readonly hook: CdsHook;
  readonly hookInstance: string;
  readonly fhirServer?: string;
  readonly fhirAuthorization?: { readonly access_token: string; readonly token_type: 'Bearer'; readonly expires_in: number; readonly scope: string; readonly subject: string; readonly patient?: string };
  readonly context: {
    readonly userId: string;
    readonly patientId: string;
    readonly encounterId?: string;
    readonly selections?: readonly string[];
    /** A FHIR Bundle of draft orders (order-select, order-sign). */
    readonly draftOrders?: { readonly resourceType: 'Bundle'; readonly entry?: readonly { readonly resource?: Readonly<Record<string, unknown>> }[] };
  };
  readonly prefetch: Readonly<Record<string, unknown>>;
}

export interface CdsFeedbackEntry {
  readonly card: string;
  readonly outcome: 'accepted' | 'overridden';
  readonly acceptedSuggestions: readonly { readonly id: string }[];
  readonly overrideReason?: { readonly reason?: FhirCoding; readonly userComment?: string };
  readonly outcomeTimestamp: string;
}

/** Longest summary: the specification asks for fewer than 140 characters. */
export const CDS_SUMMARY_MAX = 139;

/** A summary cut to the limit at a word, with an ellipsis when cut. */
export function cardSummary(text: string): string {
  if (text.length <= CDS_SUMMARY_MAX) return text;
  const cut = text.slice(0, CDS_SUMMARY_MAX - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > 80 ? cut.slice(0, space) : cut}…`;
}
