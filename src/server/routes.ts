import { registerAlertRoutes } from '../alerts/index.js';
import { registerTargetingRoutes } from '../alerts/targeting.routes.js';
import { registerAuditRoutes } from '../audit/index.js';
import { registerCaseRoutes } from '../cases/index.js';
import { registerChatRoutes } from '../chat/chat.routes.js';
import { registerHazardRoutes } from '../hazards/index.js';
import { registerStaffRoutes } from '../staff/index.js';
import { registerTravelerRoutes } from '../travelers/index.js';
import type { ApiRouter } from './router.js';

/** Registers the routes of every domain. */
export async function registerAllRoutes(api: ApiRouter): Promise<void> {
  registerStaffRoutes(api);
  registerAuditRoutes(api);
  registerTravelerRoutes(api);
  registerCaseRoutes(api);
  registerAlertRoutes(api);
  registerTargetingRoutes(api);
  registerHazardRoutes(api);
  await registerChatRoutes(api);
}
