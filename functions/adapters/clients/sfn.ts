import { SFNClient } from '@aws-sdk/client-sfn';
import { lazy } from '../../core/lazy';
import { endpointOf } from './endpoint';

export const stepFunctions = lazy(() => new SFNClient(endpointOf('SFN_ENDPOINT')));
