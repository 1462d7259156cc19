import { S3Client } from '@aws-sdk/client-s3';
import { lazy } from '../../core/lazy';
import { endpointOf } from './endpoint';

export const s3 = lazy(() => {
  const override = endpointOf('S3_ENDPOINT');
  // S3 stand-ins answer on one host, so path-style addressing goes with an endpoint override.
  return new S3Client({ ...override, forcePathStyle: override.endpoint !== undefined });
});
