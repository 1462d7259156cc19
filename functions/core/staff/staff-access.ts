/** Who may use the staff console and API, and how a staff member is named in the audit trail. */

export const STAFF_GROUP = 'privacy-staff';

export class ForbiddenError extends Error {
  override name = 'ForbiddenError';
}

export interface StaffMember {
  /** Stable user name (Cognito username or local user), recorded in the audit trail. */
  username: string;
  groups: readonly string[];
}

export const actorOf = (staff: StaffMember) => `staff:${staff.username}`;

export function requireStaff(staff: StaffMember | undefined): StaffMember {
  if (!staff) throw new ForbiddenError('not signed in');
  if (!staff.groups.includes(STAFF_GROUP)) throw new ForbiddenError(`the ${STAFF_GROUP} role is required`);
  return staff;
}
