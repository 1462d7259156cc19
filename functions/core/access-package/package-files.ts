/**
 * The files of an access package as the download page lists them. Their own module, so the
 * download route does not carry the package builder and the mail templates in its bundle.
 */
export interface PackageFile {
  name: string;
  contentType: string;
  bytes: number;
  /** For a store's CSV: the store it comes from. */
  storeId?: string;
  /** A file staff found in a manual store and attached, served as it is. */
  attachment?: true;
}

/** `packages/<requestId>/manifest.json`: what the download page lists. No personal data. */
export interface PackageManifest {
  requestId: string;
  generatedAt: string;
  files: PackageFile[];
}

export const PACKAGE_FILES = {
  json: 'access-package.json',
  html: 'summary.html',
  manifest: 'manifest.json',
} as const;
