import { parseAttachedFiles, saveManualFindings } from '../collection/manual-findings';
import { parseConsentDecisions } from '../consents/objection-balancing';
import { ValidationError } from '../errors';
import { parseCorrections } from '../rectification/apply-corrections';
import { completeTask, type StaffRequest } from './action-support';
import type { ActionResult, StaffActionDeps } from './staff-actions';

/**
 * Staff complete a manual workflow task: what each kind hands the workflow, and what a store's
 * lookup keeps for the package.
 */

const MAX_ITEMS = 100;

/** A store's manual lookup during collection, as opposed to rectification, restriction, erasure, package-check, recipient or consent work. */
const STORE_TASK = /^manual:(?!rectification$|restriction$|erase:|package-review$|notify:|consents$)/;

function stringList(value: unknown, field: string): string[] {
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
    throw new ValidationError(`${field} must be a list of texts`, { [field]: 'invalid' });
  }
  const items = (value as string[]).map((v) => v.trim()).filter(Boolean);
  if (items.length > MAX_ITEMS || items.some((v) => v.length > 500))
    throw new ValidationError(`${field} is too long`, { [field]: 'invalid' });
  return items;
}

/** The output each manual task hands the workflow (the contract of the ASL's callback states). */
export function manualTaskOutput(taskId: string, output: Record<string, unknown>): Record<string, unknown> {
  if (taskId === 'manual:rectification')
    return { correctedItems: stringList(output.correctedItems, 'correctedItems') };
  if (taskId === 'manual:restriction') return { systems: stringList(output.systems, 'systems') };
  // Art. 15(4): the records staff keep out of the package; none means it leaves as it is.
  if (taskId === 'manual:package-review') return { withheld: stringList(output.withheld ?? [], 'withheld') };
  // Art. 19: staff told the recipient; "nothing found" means nothing here.
  if (taskId.startsWith('manual:notify:') && output.outcome !== 'done')
    throw new ValidationError('a notice task is completed with outcome done', { outcome: 'invalid' });
  // Which consents a withdrawal withdraws, and the Art. 21(1) balancing per purpose objected to.
  if (taskId === 'manual:consents') return { ...parseConsentDecisions(output) };
  if (output.outcome !== 'done' && output.outcome !== 'nothing_found') {
    throw new ValidationError('outcome must be done or nothing_found', { outcome: 'invalid' });
  }
  const note = typeof output.note === 'string' ? output.note.trim().slice(0, 1000) : '';
  return { outcome: output.outcome, ...(note ? { note } : {}) };
}

export async function completeManualTask(
  request: StaffRequest,
  taskId: string,
  output: Record<string, unknown>,
  actor: string,
  deps: StaffActionDeps,
): Promise<ActionResult> {
  if (!taskId.startsWith('manual:'))
    throw new ValidationError('only manual tasks are completed this way', { taskId: 'invalid' });
  const task = await deps.tasks.getTask(request.id, taskId);
  const checked = manualTaskOutput(taskId, output as Record<string, unknown>);
  if (taskId === 'manual:rectification' && deps.corrections) {
    // The values stay in our table for the next step; the workflow only learns how many.
    const corrections = parseCorrections(
      (output as Record<string, unknown>).corrections,
      deps.corrections.dataMap,
    );
    if (corrections.length > 0) {
      await deps.corrections.store.save(request.id, corrections, actor);
      checked.corrections = corrections.length;
    }
  }
  if (STORE_TASK.test(taskId)) await keepManualFindings(request.id, taskId, output, checked, actor, deps);
  return completeTask(
    request,
    task,
    checked,
    actor,
    {
      action: 'manual_task_completed',
      // Counts and outcome only: the items and notes may name the subject's data.
      detail: {
        ...('outcome' in checked ? { outcome: checked.outcome } : {}),
        ...(Array.isArray(checked.correctedItems) ? { items: checked.correctedItems.length } : {}),
        ...(Array.isArray(checked.systems) ? { items: checked.systems.length } : {}),
        ...(typeof checked.attachments === 'number' ? { attachments: checked.attachments } : {}),
        ...(Array.isArray(checked.withheld) ? { withheld: checked.withheld.length } : {}),
      },
      next: { from: 'awaiting_action', to: STORE_TASK.test(taskId) ? 'collecting' : 'executing' },
    },
    deps,
  );
}

/**
 * What staff found in a manual store goes beside the findings, for the package (Art. 15(1), (3)):
 * a description or the files, one of them required when something was found. The workflow then
 * learns only how much was attached; the text and the files stay out of its history.
 */
async function keepManualFindings(
  requestId: string,
  taskId: string,
  output: Record<string, unknown>,
  checked: Record<string, unknown>,
  actor: string,
  deps: StaffActionDeps,
): Promise<void> {
  if (checked.outcome !== 'done') return;
  const files = parseAttachedFiles((output as { files?: unknown }).files);
  const description = typeof checked.note === 'string' ? checked.note : undefined;
  if (!description && files.length === 0)
    throw new ValidationError('describe what was found or attach the files', { note: 'required' });
  if (!deps.manualFindings) return;
  const saved = await saveManualFindings(
    {
      requestId,
      storeId: taskId.slice('manual:'.length),
      ...(description ? { description } : {}),
      files,
      actor,
      at: deps.clock.now().toISOString(),
    },
    deps.manualFindings,
  );
  delete checked.note;
  checked.attachments = saved.files.length;
  checked.described = saved.description !== undefined;
}
