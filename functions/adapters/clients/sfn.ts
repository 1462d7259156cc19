import { SFNClient } from '@aws-sdk/client-sfn';
import { endpointOf, lazy } from './endpoint';

export const stepFunctions = lazy(() => new SFNClient(endpointOf('SFN_ENDPOINT')));
