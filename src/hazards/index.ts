import './hazards.tables.js';

export type * from './hazard-event.js';
export { severityFromAlertLevel } from './hazard-event.js';
export { FeedError, type FeedErrorCode } from './feed-error.js';
export { parseFeedDocument } from './parse-feed.js';
export {
  ingestDocument,
  onNewVersion,
  type IngestOrigin,
  type IngestResult,
  type IngestedVersion,
  type NewVersionHook,
} from './hazards.service.js';
export type { StoredVersion } from './hazards.repo.js';
export {
  findVersionsBySourceId,
  getEventVersion,
  getHazardEvent,
  listHazardEvents,
  type HazardEventView,
} from './hazards.queries.js';
export { registerHazardCommands } from './hazards.cli.js';
export { registerHazardRoutes } from './hazards.routes.js';
export { hazardJobs } from './hazards.jobs.js';
