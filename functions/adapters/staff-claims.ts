import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import type { StaffMember } from '../core/staff/staff-access';

/** API Gateway hands list claims to Lambda as `[a b]`; a real array is accepted too. */
export function groupsOf(claim: unknown): string[] {
  if (Array.isArray(claim)) return claim.map(String);
  if (typeof claim !== 'string') return [];
  return claim
    .replace(/^\[|\]$/g, '')
    .split(/[\s,]+/)
    .filter(Boolean);
}

/** The signed-in staff member from the JWT authorizer's claims (Cognito on AWS, local sign-in here). */
export function staffOf(event: APIGatewayProxyEventV2WithJWTAuthorizer): StaffMember | undefined {
  const claims = event.requestContext.authorizer?.jwt?.claims;
  if (!claims) return undefined;
  const username = claims['cognito:username'] ?? claims.username ?? claims.sub;
  if (!username) return undefined;
  return { username: String(username), groups: groupsOf(claims['cognito:groups']) };
}
