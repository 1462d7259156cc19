import type { TemplatePacks } from '../../functions/core/replies/templates';
import { en } from './en';
import { nb } from './nb';
import { sv } from './sv';

/** The reply and staff mail texts of this deployment, one pack per reply language. */
export const REPLY_TEMPLATES: TemplatePacks = { sv, nb, en };

export { ACCESS_PACKAGE_TEXTS } from './access-package-texts';
export { INCIDENT_TEXTS } from './incident-texts';
