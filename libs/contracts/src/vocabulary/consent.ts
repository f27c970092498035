/** The categories of a person's data their consent is given or withdrawn for (ConsentChanged.category). */
export const CONSENT_CATEGORIES = ['cgm', 'medications', 'genotype', 'research'] as const;
export type ConsentCategory = (typeof CONSENT_CATEGORIES)[number];

export function isConsentCategory(value: string): value is ConsentCategory {
  return (CONSENT_CATEGORIES as readonly string[]).includes(value);
}
