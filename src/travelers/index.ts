import './travelers.tables.js';

export type { Stay, Traveler } from './travelers.repo.js';
export {
  addStay,
  createTraveler,
  deleteStay,
  deleteTraveler,
  findTravelerByKakaoKey,
  getContacts,
  getTraveler,
  listStays,
  updateStay,
  updateTraveler,
  type Contact,
  type StayInput,
  type TravelerInput,
} from './travelers.service.js';
export { registerStayFromChat, unregisterFromChat, type SelfRegistration } from './self-service.js';
export {
  eraseTravelers,
  purgeExpired,
  registerEraser,
  registeredErasers,
  type Eraser,
} from './retention.js';
export { importTravelersCsv, ImportRejected, importColumns } from './import.js';
export { exportTravelers } from './export.js';
export {
  loadStayIndex,
  pruneStayChanges,
  stayIndexBytes,
  type StayIndex,
  type StaySegment,
} from './stay-index.js';
export { formatLocal, localMidnightUtc } from './zoned-time.js';
export { registerTravelerRoutes } from './travelers.routes.js';
export { registerTravelerCommands } from './travelers.cli.js';
export { retentionPurgeJob } from './travelers.jobs.js';
