import { type FromEnvInit, fromEnv } from '@aws-sdk/credential-provider-env';

/**
 * Stands in for `@aws-sdk/credential-provider-node` in the deployed bundles (see infra/bundling.ts).
 * Lambda hands a function its role's credentials in environment variables, so the rest of the
 * SDK's default chain (profiles, SSO, web identity, instance metadata) never applies there; left
 * out, it takes about 95 KB and its nested STS/SSO clients off every bundle.
 */
export const defaultProvider = (init?: FromEnvInit) => fromEnv(init);
