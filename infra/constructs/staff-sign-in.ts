import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import * as cognito from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';

export interface StaffSignInProps {
  /** Prefix of the hosted sign-in domain, `<prefix>.auth.<region>.amazoncognito.com` (default: derived from the stack). */
  readonly domainPrefix?: string;
  /** The staff group the API requires (default `privacy-staff`; the handler checks the same name). */
  readonly staffGroup?: string;
}

/**
 * Sign-in for privacy staff: a Cognito user pool (no self sign-up, MFA required, Plus threat
 * protection), the `privacy-staff` group, a public app client for the console (authorization code
 * with PKCE, no secret in the browser), and the JWT authorizer for the API's staff routes.
 */
export class StaffSignIn extends Construct {
  public readonly userPool: cognito.UserPool;
  public readonly client: cognito.UserPoolClient;
  public readonly domain: cognito.UserPoolDomain;
  public readonly authorizer: HttpUserPoolAuthorizer;
  public readonly staffGroup: string;

  constructor(scope: Construct, id: string, props: StaffSignInProps = {}) {
    super(scope, id);
    this.staffGroup = props.staffGroup ?? 'privacy-staff';
    this.userPool = new cognito.UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      signInAliases: { username: true, email: true },
      signInCaseSensitive: false,
      mfa: cognito.Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      passwordPolicy: {
        minLength: 14,
        requireDigits: true,
        requireLowercase: true,
        requireUppercase: true,
        requireSymbols: true,
        tempPasswordValidity: Duration.days(3),
      },
      accountRecovery: cognito.AccountRecovery.EMAIL_ONLY,
      featurePlan: cognito.FeaturePlan.PLUS,
      standardThreatProtectionMode: cognito.StandardThreatProtectionMode.FULL_FUNCTION,
      deletionProtection: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    new cognito.CfnUserPoolGroup(this, 'StaffGroup', {
      userPoolId: this.userPool.userPoolId,
      groupName: this.staffGroup,
      description: 'Privacy staff: may read requests and act on them in the console',
    });
    this.domain = this.userPool.addDomain('Domain', {
      cognitoDomain: {
        // Account ids are digits: a valid, unique prefix (no lower-casing, which would break an unresolved token).
        domainPrefix: props.domainPrefix ?? `privacy-desk-${Stack.of(this).account}`,
      },
    });
    this.client = this.userPool.addClient('ConsoleClient', {
      generateSecret: false,
      authFlows: { userSrp: true },
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [cognito.OAuthScope.OPENID, cognito.OAuthScope.EMAIL],
        // Replaced by allowConsoleAt once the API's address is known.
        callbackUrls: ['https://localhost/console'],
        logoutUrls: ['https://localhost/console'],
      },
      preventUserExistenceErrors: true,
      accessTokenValidity: Duration.hours(1),
      idTokenValidity: Duration.hours(1),
      refreshTokenValidity: Duration.hours(8),
      enableTokenRevocation: true,
    });
    this.authorizer = new HttpUserPoolAuthorizer('StaffAuthorizer', this.userPool, {
      userPoolClients: [this.client],
      identitySource: ['$request.header.Authorization'],
    });
  }

  /** The console's address (`<api>/console`) as the only place Cognito returns signed-in staff to. */
  allowConsoleAt(apiEndpoint: string): void {
    const client = this.client.node.defaultChild as cognito.CfnUserPoolClient;
    client.callbackUrLs = [`${apiEndpoint}/console`];
    client.logoutUrLs = [`${apiEndpoint}/console`];
  }

  /** What the console page needs to start the hosted sign-in. */
  consoleEnvironment(): Record<'COGNITO_DOMAIN' | 'COGNITO_CLIENT_ID', string> {
    return { COGNITO_DOMAIN: this.domain.baseUrl(), COGNITO_CLIENT_ID: this.client.userPoolClientId };
  }

  /** Typed for the HTTP API construct. */
  get routeAuthorizer(): apigw.IHttpRouteAuthorizer {
    return this.authorizer;
  }
}
