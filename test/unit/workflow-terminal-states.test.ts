import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ANSWER_TEMPLATES } from '../../functions/core/replies/answers';
import type { TemplateName } from '../../functions/core/replies/template-packs';
import { closeRequest } from '../../functions/core/request/close-request';
import type { AuditEvent } from '../../functions/core/request/request';
import { LocalStepFunctions } from '../../local/step-functions';

/**
 * Walks the deployed state machine to each of its terminal states with stub tasks: wherever a
 * request ends, the requester got an answer (or the request stays open as failed, with staff
 * alerted). The stubs send what the real steps send: BuildPackage, UpdateConsents and
 * VerifyErasure mail their completion; SendReply mails its template; Close is the real check.
 */

const DEFINITION = path.resolve(import.meta.dirname, '../../statemachines/dsr.asl.json');
const arnOf = (name: string) => `arn:aws:lambda:eu-north-1:000000000000:function:${name}`;
const placeholders = [...new Set(readFileSync(DEFINITION, 'utf8').match(/\$\{([A-Za-z]+)\}/g) ?? [])].map(
  (p) => p.slice(2, -1),
);

type Json = Record<string, unknown>;

interface Scenario {
  types: string;
  branches: Partial<Record<'access' | 'rectification' | 'restriction' | 'consent' | 'erasure', boolean>>;
  onBehalf?: boolean;
  review?: 'auto' | 'staff';
  verification?: 'confirmed' | 'never';
  reviewOutput?: Json;
  planOutput?: Json;
  failAt?: string;
  timeOutAt?: string;
  /** BuildPackage holds the package for a staff check (Art. 15(4)) until it is called with `release`. */
  heldPackage?: boolean;
  /** NotifyRecipients hands staff a notice task for the auditor (Art. 19). */
  staffNotice?: boolean;
  /** The request only objects to direct marketing: answered on receipt. */
  marketingOnly?: boolean;
  /** The consent step needs staff's decisions (a withdrawal naming none, an Art. 21(1) objection). */
  consentDecision?: boolean;
}

/** Top-level states with nothing after them: where an execution ends. */
function terminalStates(): string[] {
  const states = JSON.parse(readFileSync(DEFINITION, 'utf8')).States as Record<string, Json>;
  return Object.entries(states)
    .filter(([, s]) => s.Type === 'Succeed' || s.Type === 'Fail' || s.End === true)
    .map(([name]) => name)
    .sort();
}

let running: LocalStepFunctions | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
});

async function walk(scenario: Scenario) {
  const trail: AuditEvent[] = [];
  const mails: { template: string; recipient: string }[] = [];
  const releases: (Json | undefined)[] = [];
  const opened: unknown[] = [];
  let status = 'received';
  const mail = (template: TemplateName, recipient = 'subject') => {
    mails.push({ template, recipient });
    trail.push({
      at: new Date().toISOString(),
      actor: 'system:workflow',
      action: 'mail_sent',
      detail: { template },
    });
  };
  const failing = (name: string) => {
    if (scenario.failAt === name)
      throw Object.assign(new Error('store down'), { name: 'StoreUnavailableError' });
  };
  const answerLater = (token: string, output: Json) =>
    setImmediate(() => sfn.sendTaskSuccess(token, output as never));
  const timeOut = () => setImmediate(() => sfn.advanceClock(200 * 86_400_000));

  const stubs: Record<string, (event: Json) => Promise<unknown>> = {
    SetStatusFunctionArn: async (e) => {
      status = String(e.to);
      return { status };
    },
    SendReplyFunctionArn: async (e) => {
      mail(e.template as TemplateName, String(e.recipient ?? 'subject'));
      return { sent: true };
    },
    RequestVerificationFunctionArn: async (e) => {
      if (scenario.verification === 'never') timeOut();
      else answerLater(String(e.taskToken), { verified: true });
      return {};
    },
    AssessRequestFunctionArn: async () => ({
      review: scenario.review ?? 'staff',
      flags: [],
      branches: {
        access: false,
        rectification: false,
        restriction: false,
        consent: false,
        erasure: false,
        ...scenario.branches,
      },
      stores: ['crm', 'file-share'],
    }),
    OpenTaskFunctionArn: async (e) => {
      opened.push({ taskId: e.taskId, instructions: e.instructions });
      if (scenario.timeOutAt === e.taskId) {
        timeOut();
        return {};
      }
      const outputs: Record<string, Json> = {
        review: scenario.reviewOutput ?? { decision: 'approve' },
        erasure_plan: scenario.planOutput ?? { decision: 'approve' },
        'manual:rectification': { correctedItems: [] },
        'manual:restriction': { systems: [] },
        'manual:package-review': { withheld: ['Customers/meeting.md'] },
        'manual:notify:auditor': { outcome: 'done' },
        'manual:consents': { withdraw: ['newsletter'], objections: [] },
      };
      answerLater(String(e.taskToken), outputs[String(e.taskId)] ?? { outcome: 'nothing_found' });
      return {};
    },
    CollectStoreFunctionArn: async (e) => {
      failing('Collect');
      return {
        storeId: e.storeId,
        status: e.storeId === 'file-share' && !e.manualOutcome ? 'manual_pending' : 'none',
      };
    },
    BuildPackageFunctionArn: async (e) => {
      if (scenario.heldPackage && !e.release)
        return {
          heldForReview: ['file-share'],
          reviewStores: 'file-share',
          reviewInstructions: 'Check the file share.',
        };
      releases.push(e.release as Json);
      mail('completion_access');
      return {};
    },
    ApplyCorrectionsFunctionArn: async () => ({ applied: 0 }),
    NotifyRecipientsFunctionArn: async () =>
      scenario.staffNotice
        ? {
            staffTasks: [{ key: 'auditor', instructions: 'Tell the auditor.' }],
            recipients: ['Auditor'],
          }
        : { staffTasks: [], recipients: [] },
    UpdateConsentsFunctionArn: async (e) => {
      if (e.phase === 'receipt') {
        if (scenario.marketingOnly) mail('completion_objection');
        return { purposes: ['newsletter'], complete: scenario.marketingOnly === true };
      }
      if (scenario.consentDecision && !e.decisions)
        return { awaitingStaff: true, instructions: 'choose', choices: { withdraw: [], objectTo: [] } };
      mail('completion_objection');
      return {};
    },
    PlanErasureFunctionArn: async () => ({ stores: ['crm'] }),
    EraseStoreFunctionArn: async () => ({}),
    VerifyErasureFunctionArn: async () => {
      failing('VerifyErasure');
      mail('completion_erasure');
      return {};
    },
    CloseRequestFunctionArn: async (e) =>
      closeRequest(String(e.requestId), {
        requests: { listEvents: async () => trail, transition: async () => ({}) } as never,
        storeOutcomes: async () => [],
      }),
  };
  const sfn = new LocalStepFunctions({
    definitionFile: DEFINITION,
    stateMachineArn: 'arn:aws:states:eu-north-1:000000000000:stateMachine:dsr',
    substitutions: Object.fromEntries(placeholders.map((p) => [p, arnOf(p)])),
    functions: Object.fromEntries(
      placeholders.map((p) => [
        arnOf(p),
        (event: unknown) => (stubs[p] ?? (async () => ({})))(event as Json),
      ]),
    ),
    // Retries at once: the walk is about where a request ends, not how long a backoff takes.
    retryIntervalOverrides: Object.fromEntries(
      ['CollectStore', 'RecordStoreFailure', 'VerifyErasure', 'Close', 'MarkFailed'].map((s) => [s, 0]),
    ),
  });
  running = sfn;
  const execution = sfn.startExecution('PD-20261201-WALK01', {
    requestId: 'PD-20261201-WALK01',
    ...(scenario.onBehalf ? { onBehalf: true } : {}),
  });
  for (let i = 0; i < 2000 && execution.status === 'RUNNING'; i++) await new Promise((r) => setTimeout(r, 5));
  const entered = execution.history.filter((h) => h.type === 'StateEntered').map((h) => h.state ?? '');
  return { execution, ended: entered.at(-1) ?? '', entered, mails, status, releases, opened };
}

const answered = (mails: { template: string; recipient: string }[]) =>
  mails.some((m) => m.recipient === 'subject' && ANSWER_TEMPLATES.has(m.template as TemplateName));
const staffAlerted = (mails: { template: string; recipient: string }[]) =>
  mails.some((m) => m.recipient === 'staff' && m.template === 'staff_alert');

const SCENARIOS: Record<string, Scenario> = {
  'access, reviewed and approved': { types: 'access', branches: { access: true } },
  'objection, approved without review': { types: 'objection', branches: { consent: true }, review: 'auto' },
  'Art. 21(3): objection to direct marketing only, answered and closed on receipt': {
    types: 'objection',
    branches: { consent: true },
    marketingOnly: true,
    verification: 'never',
  },
  'Art. 7(3): withdrawal naming no consent, staff choose which': {
    types: 'withdraw_consent',
    branches: { consent: true },
    review: 'auto',
    consentDecision: true,
  },
  'rectification with nothing corrected': { types: 'rectification', branches: { rectification: true } },
  'restriction in no system': { types: 'restriction', branches: { restriction: true } },
  'erasure, plan approved': { types: 'erasure', branches: { erasure: true } },
  'on behalf of someone, access': { types: 'access', branches: { access: true }, onBehalf: true },
  'no branch at all (no type left after review)': { types: '', branches: {} },
  'rejected at review': {
    types: 'access',
    branches: { access: true },
    reviewOutput: { decision: 'reject', reason: 'manifestly_unfounded' },
  },
  'rejected at review, reason quoted': {
    types: 'access',
    branches: { access: true },
    reviewOutput: { decision: 'reject', reason: 'manifestly_unfounded', detail: 'Third request this week.' },
  },
  'erasure plan rejected': {
    types: 'erasure',
    branches: { erasure: true },
    planOutput: { decision: 'reject', reason: 'manifestly_unfounded' },
  },
  'link never confirmed': { types: 'access', branches: { access: true }, verification: 'never' },
  'a store stays down': { types: 'access', branches: { access: true }, failAt: 'Collect' },
  'erasure not proven': { types: 'erasure', branches: { erasure: true }, failAt: 'VerifyErasure' },
  'review left open past its timeout': { types: 'access', branches: { access: true }, timeOutAt: 'review' },
  'access, package held for a staff check': {
    types: 'access',
    branches: { access: true },
    heldPackage: true,
  },
  'package check left open past its timeout': {
    types: 'access',
    branches: { access: true },
    heldPackage: true,
    timeOutAt: 'manual:package-review',
  },
  'erasure, the auditor told by staff': { types: 'erasure', branches: { erasure: true }, staffNotice: true },
  'recipient notice left open past its timeout': {
    types: 'rectification',
    branches: { rectification: true },
    staffNotice: true,
    timeOutAt: 'manual:notify:auditor',
  },
  'file share task left open past its timeout': {
    types: 'access',
    branches: { access: true },
    timeOutAt: 'manual:file-share',
  },
};

describe('every terminal state of the workflow', () => {
  const reached = new Set<string>();

  for (const [name, scenario] of Object.entries(SCENARIOS)) {
    it(`${name}: the request ends answered, or stays open as failed with staff alerted`, async () => {
      const { ended, mails, status } = await walk(scenario);
      reached.add(ended);
      if (ended === 'Failed') {
        expect(status).toBe('failed');
        expect(staffAlerted(mails)).toBe(true);
      } else {
        expect(['Done', 'Rejected']).toContain(ended);
        expect(answered(mails)).toBe(true);
      }
    });
  }

  it('Art. 21(3): a request only objecting to marketing closes without waiting for verification or review', async () => {
    const scenario =
      SCENARIOS['Art. 21(3): objection to direct marketing only, answered and closed on receipt'];
    if (!scenario) throw new Error('scenario missing');
    const { execution, ended, mails } = await walk(scenario);
    const entered = execution.history.filter((h) => h.type === 'StateEntered').map((h) => h.state);
    expect(ended).toBe('Done');
    expect(entered.slice(0, 2)).toEqual(['Route', 'StopMarketing']);
    expect(entered).not.toContain('VerifyIdentity');
    expect(entered).not.toContain('Review');
    expect(mails.map((m) => m.template)).toEqual(['completion_objection']);
  });

  it('the walk reached every terminal state of the definition', () => {
    expect([...reached].sort()).toEqual(terminalStates());
  });
});

describe('a package held for a staff check', () => {
  it('Art. 15(4): waits in ReviewPackage, then ReleasePackage builds it without the records staff withheld', async () => {
    const { entered, ended, releases } = await walk({
      types: 'access',
      branches: { access: true },
      heldPackage: true,
    });
    expect(ended).toBe('Done');
    const from = entered.indexOf('BuildPackage');
    expect(entered.slice(from, from + 4)).toEqual([
      'BuildPackage',
      'PackageHeld',
      'ReviewPackage',
      'ReleasePackage',
    ]);
    expect(releases).toEqual([{ withheld: ['Customers/meeting.md'] }]);
  });
});

describe('recipients of a changed record', () => {
  it('Art. 19: after an erasure staff tell the recipient in their own task, then the subject learns who was told', async () => {
    const { entered, ended, mails, opened } = await walk({
      types: 'erasure',
      branches: { erasure: true },
      staffNotice: true,
    });
    expect(ended).toBe('Done');
    expect(opened).toContainEqual({ taskId: 'manual:notify:auditor', instructions: 'Tell the auditor.' });
    const from = entered.indexOf('NotifyRecipients');
    expect(entered.slice(from, from + 4)).toEqual([
      'NotifyRecipients',
      'RecipientTasks',
      'TellSubjectRecipients',
      'SendRecipientsNotified',
    ]);
    expect(mails.map((m) => m.template)).toContain('recipients_notified');
  });

  it('Art. 19: with no recipient to tell, the subject gets no such mail', async () => {
    const { entered, mails } = await walk({ types: 'rectification', branches: { rectification: true } });
    expect(entered).toContain('NotifyRecipients');
    expect(entered).not.toContain('RecipientTask');
    expect(mails.map((m) => m.template)).not.toContain('recipients_notified');
  });
});
