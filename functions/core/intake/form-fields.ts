/**
 * What the web form asks and how a submission can be wrong: the fields, the relationship choices
 * and the error codes validation answers with. The words for them are the page's
 * (`functions/pages/form-text.ts`).
 */
/** How the person relates to the company, as the form asks it. */
export const RELATIONSHIPS = [
  'customer',
  'candidate',
  'partner',
  'event_contact',
  'website_visitor',
  'other',
] as const;
export type Relationship = (typeof RELATIONSHIPS)[number];

/** What a form submission said, stored on its request (personal data: attributes only). */
export interface FormDetails {
  name?: string;
  relationship: Relationship;
  text?: string;
}

export const FORM_ERROR_CODES = [
  'required',
  'invalid_email',
  'too_long',
  'invalid_choice',
  'types_or_text',
] as const;
export type FormErrorCode = (typeof FORM_ERROR_CODES)[number];

export const FORM_FIELD_NAMES = ['email', 'name', 'types', 'text', 'relationship'] as const;
export type FormField = (typeof FORM_FIELD_NAMES)[number];
