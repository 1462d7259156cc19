/**
 * One set of esbuild options for every Lambda bundle: the CDK stack bundles with them and the
 * bundle benchmark measures exactly what gets deployed.
 */
export const BUNDLE_TARGET = 'node22';

export const BUNDLE_OPTIONS = {
  minify: true,
  sourceMap: false,
  target: BUNDLE_TARGET,
  // ESM entry points first, so esbuild can tree-shake the SDK and zod.
  mainFields: ['module', 'main'],
  // The runtime's own SDK differs by version: we ship the one we test with.
  bundleAwsSDK: true,
} as const;
