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
  /** The routes of the API; each is served once its function is (`serve`). */
  readonly routes: readonly ApiRoute[];
  /** The JWT authorizer of `auth: 'staff'` routes (Cognito); such routes are refused without one. */
  readonly staffAuthorizer?: apigw.IHttpRouteAuthorizer;
}

/**
 * The HTTP API with the routes the local server also serves; throttled and access-logged. Made
 * before the functions, so they can be given its address; the construct that creates a function
 * hands it to `serve`, and the synth fails while a route has no function.
 */
export class PublicApi extends Construct {
  public readonly api: apigw.HttpApi;
  private readonly routes: readonly ApiRoute[];
  private readonly staffAuthorizer?: apigw.IHttpRouteAuthorizer;
  private readonly served = new Set<FunctionName>();

  constructor(scope: Construct, id: string, props: PublicApiProps) {
    super(scope, id);
    this.routes = props.routes;
    this.staffAuthorizer = props.staffAuthorizer;
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
    this.node.addValidation({
      validate: () =>
        this.routes
          .filter((route) => !this.served.has(route.function))
          .map((route) => `route ${route.method} ${route.path} needs function ${route.function}`),
    });
  }

  /** The routes the catalogue gives this function, through one integration; none if it has none. */
  serve(name: FunctionName, fn: lambda.IFunction): void {
    const routes = this.routes.filter((route) => route.function === name);
    if (routes.length === 0) return;
    this.served.add(name);
    const integration = new HttpLambdaIntegration(`${name}Integration`, fn);
    for (const route of routes) {
      if (route.auth === 'staff' && !this.staffAuthorizer)
        throw new Error(`route ${route.method} ${route.path} needs the staff authorizer`);
      const authorizer = route.auth === 'staff' ? this.staffAuthorizer : undefined;
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
