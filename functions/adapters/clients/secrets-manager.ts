import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { lazy } from '../../core/lazy';
import { endpointOf } from './endpoint';

export const secretsManager = lazy(() => new SecretsManagerClient(endpointOf('SECRETSMANAGER_ENDPOINT')));
