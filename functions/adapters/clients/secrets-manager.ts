import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { endpointOf, lazy } from './endpoint';

export const secretsManager = lazy(() => new SecretsManagerClient(endpointOf('SECRETSMANAGER_ENDPOINT')));
