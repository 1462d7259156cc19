import { buildPrivacyDeskApp } from './privacy-desk-app';

/**
 * `npx cdk synth -c mailDomain=privacy.example.com -c staffAlertAddress=privacy-team@example.com
 * -c dataStores='{...}'` (or `-c demo=true` for the demo stores); the region must offer SES
 * receiving. See the README's Deploy section for every setting.
 */
buildPrivacyDeskApp();
