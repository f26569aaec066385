/** An alert: the send decision for one hazard event version (or an all-clear or reminder). */
export interface AlertTable {
  id: string;
  kind: AlertKind;
  /** For an all-clear or a reminder: the alert it follows up. */
  parent_alert_id: string | null;
  event_id: string;
  version_id: string;
  source_id: string;
  hazard_type: string;
  /** Effective severity: the feed's, or the magnitude table's for earthquakes without one. */
  severity: string;
  status: AlertStatus;
  hold_reason: HoldReason | null;
  /** `all`: every target; `new-only`: targets not yet alerted for the event. */
  reach: 'all' | 'new-only';
  area_unresolved: number;
  /** JSON array of ISO 3166-1 alpha-2 codes. */
  countries: string;
  /** JSON array of areas set by an alert officer for an unresolved event; null otherwise. */
  area_override: string | null;
  /** JSON of the hazard event version as it was when the alert was made. */
  event: string;
  template_code: string;
  /** JSON object of template variables set by an officer; they win over computed values. */
  variable_overrides: string;
  /** SMS/LMS text with `#{link}` where each traveler's check-in link goes. */
  sms_text: string;
  created_at: string;
  decided_at: string | null;
  decided_by: string | null;
  send_started_at: string | null;
  /** The scenario clock when sending started; check-in silence is measured from it. */
  send_started_scenario_at: string | null;
  halted_at: string | null;
  completed_at: string | null;
}

export type AlertKind = 'alert' | 'all-clear' | 'reminder';

/**
 * draft: waits for an officer. sending: deliveries are queued or in flight. sent: every
 * delivery reached a final state. halted: stopped by an officer. rejected: never sent.
 */
export type AlertStatus = 'draft' | 'sending' | 'sent' | 'halted' | 'rejected';

export type HoldReason = 'below-threshold' | 'area-unresolved' | 'auto-send-off';

export interface AlertTargetTable {
  alert_id: string;
  traveler_id: string;
  stay_id: string;
  place_name: string;
  country: string;
  time_zone: string;
  mission_code: string | null;
  /** JSON of the targeting reason (polygon, circle, country, epicentre). */
  reason: string;
  outcome: TargetOutcome;
  /** Short random code that names this target in its check-in link. */
  link_code: string;
  reminded_at: string | null;
}

/**
 * pending: not queued yet (draft). queued: a delivery is open. accepted/delivered: one channel
 * took it. unreachable: no channel to try. failed: every channel failed for good. skipped:
 * already alerted for this event by an earlier version. halted: stopped before sending.
 */
export type TargetOutcome =
  'pending' | 'queued' | 'accepted' | 'delivered' | 'unreachable' | 'failed' | 'skipped' | 'halted';

export interface DeliveryTable {
  id: string;
  alert_id: string;
  traveler_id: string;
  channel: string;
  /** Position of the channel in the traveler's fallback chain, from 0. */
  channel_index: number;
  state: DeliveryStateName;
  attempts: number;
  due_at: string;
  lease_owner: string | null;
  lease_until: string | null;
  provider_request_id: string | null;
  result_code: string | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
  accepted_at: string | null;
  final_at: string | null;
}

/**
 * queued: waiting for a worker. sending: claimed under a lease. accepted: the provider took
 * it. delivered: the handset got it. failed: gave up on this channel with no channel left, or
 * halted. fell-back: gave up on this channel and the next one has its own row.
 */
export type DeliveryStateName =
  'queued' | 'sending' | 'accepted' | 'delivered' | 'failed' | 'fell-back';

export interface CheckInTable {
  alert_id: string;
  traveler_id: string;
  answer: CheckInAnswer;
  via: CheckInVia;
  answered_at: string;
  case_id: string | null;
}

export type CheckInAnswer = 'safe' | 'need-help';
export type CheckInVia = 'chat' | 'link';

export interface RateSlotTable {
  bucket: string;
  /** Unix milliseconds at which the slot starts. */
  slot: number;
  used: number;
  /** What the latest update granted; read back by the update that set it. */
  last_grant: number;
}

export interface AlertKeyTable {
  name: string;
  value: string;
  created_at: string;
}

declare module '../db/database.js' {
  interface Database {
    alerts: AlertTable;
    alert_targets: AlertTargetTable;
    deliveries: DeliveryTable;
    check_ins: CheckInTable;
    rate_slots: RateSlotTable;
    alert_keys: AlertKeyTable;
  }
}
