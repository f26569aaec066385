export { listMissions, missionByCode, resolveMission } from './directory.js';
export { missionCode } from './mission-code.js';
export {
  consularCallCenterPhone,
  emergencyPhoneOf,
  missionSchema,
  jurisdictionSchema,
} from './mission.js';
export type { Mission, MissionKind, Jurisdiction } from './mission.js';
export { importMissionCsv, importEmbassyServiceJson } from './import.js';
export type { MissionImport, SkippedRow } from './import.js';
export { registerMissionCommands } from './missions.cli.js';
