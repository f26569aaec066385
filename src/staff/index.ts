import './staff.tables.js';

export { staffRoles, type StaffPrincipal, type StaffRole } from './roles.js';
export { addStaff, authenticate, requireRole, revokeStaff } from './staff.service.js';
export { registerStaffRoutes } from './staff.routes.js';
export { registerStaffCommands } from './staff.cli.js';
