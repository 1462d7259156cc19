import { Validations } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { ApiRoute } from '../api-routes';
import type { FunctionName } from '../function-catalog';

export interface PublicApiProps {
  readonly routes: readonly ApiRoute[];
  readonly functions: Partial<Record<FunctionName, lambda.IFunction>>;
  /** The JWT authorizer of `auth: 'staff'` routes (Cognito); such routes are refused without one. */
  readonly staffAuthorizer?: apigw.IHttpRouteAuthorizer;
}

/** The HTTP API with the routes the local server also serves; throttled and access-logged. */
export class PublicApi extends Construct {
  public readonly api: apigw.HttpApi;

  constructor(scope: Construct, id: string, props: PublicApiProps) {
    super(scope, id);
    const accessLogs = new logs.LogGroup(this, 'AccessLogs', { retention: logs.RetentionDays.THREE_MONTHS });
    this.api = new apigw.HttpApi(this, 'Endpoint', { createDefaultStage: false });
    this.api.addStage('Stage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: { rateLimit: 50, burstLimit: 100 },
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(accessLogs),
        // No source IP or user agent: they are personal data and not needed to run the API.
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            routeKey: '$context.routeKey',
            status: '$context.status',
            latency: '$context.responseLatency',
            requestTime: '$context.requestTime',
          }),
        ),
      },
    });
    const integrations = new Map<string, HttpLambdaIntegration>();
    for (const route of props.routes) {
      const fn = props.functions[route.function];
      if (!fn) throw new Error(`route ${route.method} ${route.path} needs function ${route.function}`);
      const integration =
        integrations.get(route.function) ?? new HttpLambdaIntegration(`${route.function}Integration`, fn);
      integrations.set(route.function, integration);
      if (route.auth === 'staff' && !props.staffAuthorizer)
        throw new Error(`route ${route.method} ${route.path} needs the staff authorizer`);
      const authorizer = route.auth === 'staff' ? props.staffAuthorizer : undefined;
      const [added] = this.api.addRoutes({
        path: route.path,
        methods: [apigw.HttpMethod[route.method]],
        integration,
        ...(authorizer ? { authorizer } : {}),
      });
      if (route.public && added) {
        Validations.of(added).acknowledge({
          id: 'AwsSolutions::AwsSolutions-APIG4',
          reason: `Public by design: ${route.public}`,
        });
      }
    }
  }
}
