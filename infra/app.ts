import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { DEMO_DATA_MAP } from '../config/datamap';
import { storeDeploymentsFromContext } from './constructs/store-access';
import { PrivacyDeskStack } from './privacy-desk-stack';

/**
 * `npx cdk synth -c mailDomain=example.com [-c dataStores='{...}']`; the region must offer SES
 * receiving. `dataStores` says where the data map's stores are (see constructs/store-access.ts).
 */
const app = new App();
const mailDomain = String(app.node.tryGetContext('mailDomain') ?? 'example.com');
new PrivacyDeskStack(app, 'PrivacyDesk', {
  mailDomain,
  dataStores: storeDeploymentsFromContext(app.node.tryGetContext('dataStores'), DEMO_DATA_MAP),
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION ?? 'eu-west-1' },
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
