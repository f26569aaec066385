/** One stored version of a hazard event. Rows are never updated except `superseded_by`. */
export interface HazardEventTable {
  /** Id of this version. */
  id: string;
  /** Stable id of the event, shared by all its versions. */
  event_id: string;
  source: string;
  source_id: string;
  part: number;
  version_key: string;
  sent: string;
  status: string;
  msg_type: string;
  hazard_type: string;
  severity: string;
  urgency: string;
  certainty: string;
  onset: string | null;
  effective: string | null;
  expires: string | null;
  /** JSON array of ISO 3166-1 alpha-2 codes. */
  countries: string;
  area_kind: string;
  magnitude: number | null;
  depth_km: number | null;
  /** The headline in the first language, for lists. */
  headline: string | null;
  /** The whole normalised event as JSON. */
  payload: string;
  /** Id of the version that replaced this one; null while this version is current. */
  superseded_by: string | null;
  /** Source of the document: a file path, a feed URL or "api". */
  origin: string;
  received_at: string;
}

/** Poller state of one feed URL, kept between polls and across restarts. */
export interface HazardFeedStateTable {
  url: string;
  etag: string | null;
  last_modified: string | null;
  /** Consecutive failed polls; drives the backoff. */
  failures: number;
  next_poll_at: string;
  last_polled_at: string | null;
  last_outcome: string | null;
}

declare module '../db/database.js' {
  interface Database {
    hazard_events: HazardEventTable;
    hazard_feed_state: HazardFeedStateTable;
  }
}
