import type { Flow } from './flow.js';
import { incidentFlow } from './incident.js';
import { interpreterFlow } from './interpreter.js';
import { remittanceFlow } from './remittance.js';
import { safetyFlow } from './safety.js';
import { settingsFlow } from './settings.js';
import { stayFlow } from './stay.js';

/** The menu flows by name, as stored in a conversation's `flow` column. */
export const flows: Record<string, Flow> = {
  incident: incidentFlow,
  interpreter: interpreterFlow,
  remittance: remittanceFlow,
  safety: safetyFlow,
  stay: stayFlow,
  settings: settingsFlow,
};
