import { expect } from 'vitest';
import { isAnswered } from '../../functions/core/replies/answers';
import type { AuditEvent } from '../../functions/core/request/request';
import { type Status, TERMINAL_STATUSES } from '../../functions/core/request/request';
import { allRequests, eventsOf, type TestStack, waitFor } from './stack';
import { signIn } from './staff';

/**
 * The promise the product makes, checked over every request a scenario file left in the store:
 * each is either open and in the staff queue with a due date, or ended with its answer mailed
 * (or the reason it could not be). Scenario files call it in `afterAll`.
 */
export async function expectEveryRequestAnswered(stack: TestStack, session?: string): Promise<void> {
  await stack.stepFunctions.settled();
  const cookie = session ?? (await signIn(stack));
  const problems: string[] = [];
  for (const request of await allRequests(stack)) {
    const id = String(request.id);
    if (TERMINAL_STATUSES.includes(request.status as Status)) {
      // The answer goes out in the step after the status changes: give it the time it needs.
      const answered = await waitFor(
        async () => isAnswered((await eventsOf(stack, id)) as unknown as AuditEvent[]),
        `the answer to ${id}`,
        20_000,
      ).catch(() => false);
      if (!answered) problems.push(`${id} is ${request.status} but no answer was mailed or excused`);
      continue;
    }
    const queue = (await (
      await fetch(`${stack.urls.http}/api/requests`, { headers: { cookie } })
    ).json()) as { requests: { id: string; dueAt: string }[] };
    const item = queue.requests.find((r) => r.id === id);
    if (!item || !/^\d{4}-\d{2}-\d{2}$/.test(item.dueAt))
      problems.push(`${id} is ${request.status} but not in the queue with a due date`);
  }
  expect(problems).toEqual([]);
}
