import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { PrivacyDeskStack } from './privacy-desk-stack';

/** `npx cdk synth -c mailDomain=example.com`; the region must offer SES receiving. */
const app = new App();
const mailDomain = String(app.node.tryGetContext('mailDomain') ?? 'example.com');
new PrivacyDeskStack(app, 'PrivacyDesk', {
  mailDomain,
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION ?? 'eu-west-1' },
});
Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
