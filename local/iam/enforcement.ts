import { randomUUID } from 'node:crypto';
import { S3ServiceException } from '@aws-sdk/client-s3';
import { invocationScope } from '../lambda-runtime';
import { type Decision, evaluate } from './policy-evaluator';
import { type CallCheck, type CallResources, checksOf } from './sdk-requests';
import type { IamModel, IamPrincipal } from './template-model';
import type { UsageRecorder } from './usage';

/**
 * Checks every SDK call a handler makes against its role's policy from the synthesized template,
 * before the call reaches the local stand-in. A refused call gets the answer AWS gives (status,
 * error code, message), built as an HTTP response so the SDK's own deserializer makes the error.
 * Calls outside a handler (the stack's own set-up, tests reading state) are not checked.
 */
interface SmithyStack {
  add(middleware: unknown, options: Record<string, unknown>): void;
  remove(name: string): boolean;
}
interface HandlerContext {
  clientName?: string;
  commandName?: string;
  [IAM_STATE]?: CallState;
}
interface CallState {
  denial?: Denial;
  reachedTransport: boolean;
  /** Whether the role may list the bucket with the object's key as prefix (S3's 403-or-404 rule). */
  mayListKey: () => boolean;
}
interface Denial {
  readonly check: CallCheck;
  readonly decision: Decision;
  readonly principalArn: string;
}

const IAM_STATE = Symbol('privacy-desk-iam');
const CHECK = 'privacyDeskIamCheck';
const ANSWER = 'privacyDeskIamAnswer';

const protocolOf = (clientName: string) =>
  clientName === 'S3Client'
    ? 'rest-xml'
    : clientName === 'SESv2Client'
      ? 'rest-json'
      : clientName === 'SecretsManagerClient'
        ? 'json-1.1'
        : 'json-1.0';

/** The text AWS gives a denied identity-based request. */
export function denialMessage(denial: Denial, clientName: string): string {
  const { check, decision, principalArn } = denial;
  if (check.viaService && clientName === 'SecretsManagerClient') return 'Access to KMS is not allowed';
  if (clientName === 'SESv2Client')
    return `User \`${principalArn}' is not authorized to perform \`${check.action}' on resource \`${check.resource}'`;
  const resource = clientName === 'S3Client' ? `"${check.resource}"` : check.resource;
  const why =
    decision === 'explicit-deny'
      ? 'with an explicit deny in an identity-based policy'
      : `because no identity-based policy allows the ${check.action} action`;
  return `User: ${principalArn} is not authorized to perform: ${check.action} on resource: ${resource} ${why}`;
}

interface HttpAnswer {
  statusCode: number;
  reason?: string;
  headers: Record<string, string>;
  body: Uint8Array;
}

/** An AWS error answer in the service's protocol. */
export function errorAnswer(
  clientName: string,
  commandName: string,
  code: string,
  message: string,
): HttpAnswer {
  const requestId = randomUUID();
  const encode = (text: string) => new TextEncoder().encode(text);
  switch (protocolOf(clientName)) {
    case 'rest-xml': {
      const xml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
      const body =
        commandName === 'HeadObjectCommand'
          ? ''
          : `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${xml(message)}</Message><RequestId>${requestId}</RequestId><HostId>local</HostId></Error>`;
      return {
        statusCode: 403,
        reason: 'Forbidden',
        headers: { 'content-type': 'application/xml', 'x-amz-request-id': requestId },
        body: encode(body),
      };
    }
    case 'rest-json':
      return {
        statusCode: 403,
        headers: {
          'content-type': 'application/json',
          'x-amzn-errortype': `${code}:`,
          'x-amzn-requestid': requestId,
        },
        body: encode(JSON.stringify({ message })),
      };
    default: {
      const version = protocolOf(clientName) === 'json-1.1' ? '1.1' : '1.0';
      return {
        statusCode: 400,
        headers: { 'content-type': `application/x-amz-json-${version}`, 'x-amzn-requestid': requestId },
        body: encode(
          JSON.stringify({ __type: `com.amazon.coral.service#${code}`, Message: message, message }),
        ),
      };
    }
  }
}

const codeOf = (clientName: string) => (clientName === 'S3Client' ? 'AccessDenied' : 'AccessDeniedException');

export class IamEnforcement {
  private readonly attached = new WeakSet<object>();

  constructor(
    private model: IamModel,
    private readonly resources: CallResources,
    private readonly usage?: UsageRecorder,
    /** Where refusals are told (the stack's log): names, actions and ARNs only, no data. */
    private readonly report: (line: string) => void = () => undefined,
  ) {}

  /** The role of a catalogue function; an unknown name is an error, never an unchecked call. */
  principalOf(functionName: string): IamPrincipal {
    const principal = this.model.functions[functionName];
    if (!principal) throw new Error(`no role in the synthesized template for the function ${functionName}`);
    return principal;
  }

  /** The first check of a call its role refuses, if any; every check is recorded as used. */
  judge(functionName: string, checks: readonly CallCheck[]): Denial | undefined {
    const principal = this.principalOf(functionName);
    for (const check of checks) {
      const decision = evaluate(principal.statements, check);
      this.usage?.record(functionName, check.action, check.resource, decision);
      if (decision !== 'allow') {
        this.report(`IAM: ${functionName} may not ${check.action} on ${check.resource} (${decision})`);
        return { check, decision, principalArn: principal.principalArn };
      }
    }
    return undefined;
  }

  /** Enforces these policies from now on (tests take a grant away, then put it back). */
  usePolicies(model: IamModel): void {
    this.model = model;
  }

  /** Adds the check to a client's middleware stack, once (it replaces another stack's check). */
  attach(client: { middlewareStack: unknown }): void {
    if (this.attached.has(client)) return;
    this.attached.add(client);
    const stack = client.middlewareStack as SmithyStack;
    stack.remove(CHECK);
    stack.remove(ANSWER);
    // Before serializing: the command's input is complete (marshalled by the document client).
    stack.add(this.checkMiddleware(), { step: 'serialize', priority: 'high', name: CHECK, override: true });
    // Innermost, under the deserializer: a refusal is an HTTP answer the SDK turns into its error.
    stack.add(this.answerMiddleware(), {
      step: 'deserialize',
      priority: 'low',
      name: ANSWER,
      override: true,
    });
  }

  private checkMiddleware() {
    return (next: (args: unknown) => Promise<unknown>, context: HandlerContext) =>
      async (args: { input: Record<string, unknown> }) => {
        const scope = invocationScope.getStore();
        if (!scope) return next(args);
        const clientName = context.clientName ?? '';
        const commandName = context.commandName ?? '';
        let denial: Denial | undefined;
        try {
          const checks = checksOf({ clientName, commandName, input: args.input }, this.resources);
          denial = this.judge(scope.functionName, checks);
        } catch (error) {
          this.report(
            `IAM: ${scope.functionName} made a call the local stack cannot judge: ${(error as Error).message}`,
          );
          throw error;
        }
        const principal = this.principalOf(scope.functionName);
        const state: CallState = {
          denial,
          reachedTransport: false,
          // S3 answers a missing key with 404 only to a role that may list where it would be.
          mayListKey: () => {
            const listing: CallCheck = {
              action: 's3:ListBucket',
              resource: `arn:aws:s3:::${String(args.input.Bucket)}`,
              context: { 's3:prefix': String(args.input.Key) },
            };
            return evaluate(principal.statements, listing) === 'allow';
          },
        };
        context[IAM_STATE] = state;
        const result = await next(args);
        if (denial && !state.reachedTransport) {
          // A presigned URL never reaches the transport: refuse it here, as S3 refuses its use.
          throw new S3ServiceException({
            name: 'AccessDenied',
            $fault: 'client',
            $metadata: { httpStatusCode: 403 },
            message: denialMessage(denial, clientName),
          });
        }
        return result;
      };
  }

  private answerMiddleware() {
    return (next: (args: unknown) => Promise<{ response: HttpAnswer }>, context: HandlerContext) =>
      async (args: unknown) => {
        const state = context[IAM_STATE];
        if (!state) return next(args);
        state.reachedTransport = true;
        const clientName = context.clientName ?? '';
        const commandName = context.commandName ?? '';
        if (state.denial)
          return {
            response: errorAnswer(
              clientName,
              commandName,
              codeOf(clientName),
              denialMessage(state.denial, clientName),
            ),
          };
        const result = await next(args);
        const readsObject = commandName === 'GetObjectCommand' || commandName === 'HeadObjectCommand';
        if (readsObject && result.response.statusCode === 404 && !state.mayListKey()) {
          this.report(
            `IAM: ${invocationScope.getStore()?.functionName} read a missing object without s3:ListBucket on its prefix: 403, not 404`,
          );
          return { response: errorAnswer(clientName, commandName, 'AccessDenied', 'Access Denied') };
        }
        return result;
      };
  }
}
