import './alerts.tables.js';
import { onNewVersion } from '../hazards/index.js';
import { handleNewVersion, type NewVersion } from './lifecycle.js';
import { registerAlertErasers } from './erasers.js';

export {
  latestAlertOfTraveler,
  recordCheckIn,
  type CheckInInput,
  type CheckInResult,
} from './check-ins.js';
export { handleNewVersion, type NewVersion } from './lifecycle.js';
export { approveAlert, rejectAlert, haltAlert, editDraft, setDraftArea } from './decisions.js';
export {
  listAlerts,
  getAlert,
  previewAlert,
  type AlertView,
  type AlertCounts,
} from './alerts.service.js';
export { applyProviderResult, completeFinishedAlerts } from './results.js';
export { useSenders, sendersFor, channelChain } from './senders.js';
export { createDispatcher } from './dispatcher.js';
export { recoverStaleDeliveries } from './recovery.js';
export { sendDueReminders } from './reminders.js';
export { alertJobs, dispatchJob, recoveryJob, reminderJob, dispatcherFor } from './alerts.jobs.js';
export { registerAlertRoutes } from './alerts.routes.js';
export { registerAlertCommands } from './alerts.cli.js';
export { listTemplates, templateFor, templateKindFor } from './templates.js';

// Every process that stores hazard versions (worker, API, CLI import) alerts on them.
if (!onNewVersion.includes(alertOnNewVersion)) onNewVersion.push(alertOnNewVersion);

async function alertOnNewVersion(ctx: Parameters<typeof handleNewVersion>[0], stored: NewVersion) {
  await handleNewVersion(ctx, stored);
}
registerAlertErasers();
