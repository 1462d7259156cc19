/**
 * One set of esbuild options for every Lambda bundle: the CDK stack bundles with them and the
 * bundle benchmark measures exactly what gets deployed.
 */
export const BUNDLE_TARGET = 'node22';

/** Modules replaced in the bundles, relative to the repository root (esbuild `alias`). */
export const BUNDLE_ALIASES: Readonly<Record<string, string>> = {
  // Lambda's credentials are always in the environment: the SDK's full default chain is dead weight.
  '@aws-sdk/credential-provider-node': './functions/adapters/clients/lambda-credentials.ts',
};

export const BUNDLE_OPTIONS = {
  minify: true,
  sourceMap: false,
  target: BUNDLE_TARGET,
  // ESM entry points first, so esbuild can tree-shake the SDK and zod.
  mainFields: ['module', 'main'],
  // The runtime's own SDK differs by version: we ship the one we test with.
  bundleAwsSDK: true,
  esbuildArgs: Object.fromEntries(
    Object.entries(BUNDLE_ALIASES).map(([from, to]) => [`--alias:${from}`, to]),
  ),
} as const;
