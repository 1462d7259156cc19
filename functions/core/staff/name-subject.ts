import { ConflictError, ValidationError } from '../errors';
import type { Clock, RequestStore, WorkflowStarter } from '../ports';
import type { DsrRequest } from '../request/request';
import { normaliseEmail } from '../request/subject-key';
import type { StaffStore } from './staff-ports';

/**
 * A request made on someone else's behalf without their address is held in triage: nothing can be
 * verified or answered for a person we cannot write to. Staff name the subject (from the mail, or
 * after asking the representative), and the workflow starts as for any representative's request:
 * the subject is acknowledged and confirms their address, the representative is told we deal with
 * the subject directly, and staff check the mandate at review.
 */

export interface SubjectNaming {
  requests: RequestStore;
  staff: StaffStore;
  workflow: WorkflowStarter;
  clock: Clock;
  defaultWorkflowConfig: Record<string, unknown>;
  /** The subject key of an address (a keyed hash: the key stays with the adapter). */
  subjectKeys?: (email: string) => Promise<string>;
}

/** Intake read "on behalf of" but found no other address: the sender stands in as subject until staff name one. */
export const isSubjectUnnamed = (request: Pick<DsrRequest, 'onBehalf' | 'senderEmail'>): boolean =>
  request.onBehalf === true && !request.senderEmail;

const ADDRESS = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;

export async function nameSubject(
  request: DsrRequest,
  emailInput: string,
  actor: string,
  deps: SubjectNaming,
): Promise<DsrRequest> {
  const email = normaliseEmail(emailInput);
  if (!ADDRESS.test(email) || email.length > 254) {
    throw new ValidationError('give the email address of the person the request is for', {
      email: 'invalid',
    });
  }
  if (request.types.length === 0) {
    throw new ValidationError('reclassify the request first: it has no request type', { types: 'required' });
  }
  if (!deps.subjectKeys) throw new ConflictError('subjects cannot be named here');
  const representative = request.subjectEmail;
  // Staff may find the writer asked for themselves after all: then it is their own request.
  const own = email === representative;
  const now = deps.clock.now();
  const updated = await deps.staff.updateRequest(
    request,
    own
      ? { onBehalf: null, status: 'received', statusReason: null }
      : {
          subjectEmail: email,
          subjectKey: await deps.subjectKeys(email),
          senderEmail: representative,
          status: 'received',
          statusReason: null,
        },
    {
      at: now.toISOString(),
      actor,
      action: 'subject_named',
      fromStatus: 'triage',
      toStatus: 'received',
      // No address in the trail: whether a representative asked is what the record needs.
      detail: { representative: !own },
    },
  );
  // Only a flag, never an address: the definition branches on it to notify the representative.
  await deps.workflow.start(updated.id, {
    requestId: updated.id,
    config: deps.defaultWorkflowConfig,
    ...(own ? {} : { onBehalf: true }),
  });
  return updated;
}
