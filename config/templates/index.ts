import type { IntakeMailTemplate } from '../../functions/core/intake/intake';
import { languagePack, type TemplatePacks } from '../../functions/core/replies/template-packs';
import type { VerificationTemplate } from '../../functions/core/verification/verify-identity';
import { en, enBasics, enIntakeMails, enVerificationMails } from './en';
import { nb, nbBasics, nbIntakeMails, nbVerificationMails } from './nb';
import { sv, svBasics, svIntakeMails, svVerificationMails } from './sv';

/** The reply and staff mail texts of this deployment, one pack per reply language. */
export const REPLY_TEMPLATES: TemplatePacks = { sv, nb, en };

/**
 * The verification mails alone: the functions that only mail verification links import these,
 * and their bundles leave every other reply text out.
 */
export const VERIFICATION_MAIL_TEMPLATES: TemplatePacks<VerificationTemplate> = {
  sv: /* @__PURE__ */ languagePack(svBasics, svVerificationMails),
  nb: /* @__PURE__ */ languagePack(nbBasics, nbVerificationMails),
  en: /* @__PURE__ */ languagePack(enBasics, enVerificationMails),
};

/** The mails intake sends itself (mail and form), for the intake functions' bundles. */
export const INTAKE_MAIL_TEMPLATES: TemplatePacks<IntakeMailTemplate> = {
  sv: /* @__PURE__ */ languagePack(svBasics, svIntakeMails, svVerificationMails),
  nb: /* @__PURE__ */ languagePack(nbBasics, nbIntakeMails, nbVerificationMails),
  en: /* @__PURE__ */ languagePack(enBasics, enIntakeMails, enVerificationMails),
};

export { ACCESS_PACKAGE_TEXTS } from './access-package-texts';
export { INCIDENT_TEXTS } from './incident-texts';
