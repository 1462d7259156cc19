import { SESv2Client } from '@aws-sdk/client-sesv2';
import { lazy } from '../../core/lazy';
import { endpointOf } from './endpoint';

export const ses = lazy(() => new SESv2Client(endpointOf('SES_ENDPOINT')));
