import { describe, expect, it } from 'vitest';
import { dueDateFor } from '../../functions/core/deadlines';

describe('dueDateFor', () => {
  it('is the same day number one month later on a working day', () => {
    expect(dueDateFor('2026-03-10T09:00:00Z')).toBe('2026-04-10');
  });
});
