export const staffRoles = ['agent', 'consul', 'alert-officer', 'admin'] as const;

export type StaffRole = (typeof staffRoles)[number];

/** The staff member behind an authenticated API request. */
export interface StaffPrincipal {
  id: string;
  email: string;
  role: StaffRole;
  /** Set for consuls: the mission whose jurisdiction bounds what they see. */
  missionCode: string | null;
}
