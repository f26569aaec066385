/**
 * The contract between the alert dispatcher and the message providers. The dispatcher tries
 * channels in order and moves to the next one only when a sender reports a permanent failure.
 * Retries and backoff belong to the dispatcher, so each `send` makes exactly one provider call.
 */

export type ChannelName = 'alimtalk' | 'kakao-event' | 'sms' | 'file';

export type KakaoUserKeyType = 'botUserKey' | 'plusfriendUserKey' | 'appUserId';

/** A Kakao chatbot user key, with the Kakao id space that `id` belongs to. */
export interface KakaoUserKey {
  type: KakaoUserKeyType;
  id: string;
}

/**
 * A button on the message. AlimTalk takes its buttons from the approved template, so only
 * `chatExtra`, `chatEvent` and `telNumber` travel with an AlimTalk message. The Event API passes
 * all fields to the event block, and SMS appends `name: linkMo` of web links to the text.
 */
export interface MessageButton {
  /** NHN button type: WL web link, AL app link, BK, MD, BC, BT, TN call, and others. */
  type: string;
  name: string;
  linkMo?: string;
  linkPc?: string;
  chatExtra?: string;
  chatEvent?: string;
  telNumber?: string;
}

/** One message to one recipient, built by the dispatcher from a delivery. */
export interface ChannelMessage {
  /** Idempotency and correlation key: sent as the provider's grouping and idempotency keys. */
  deliveryId: string;
  alertId: string;
  /** Opaque traveler id, used by the file outbox and its retention purge. */
  travelerRef: string;
  /** Phone number in E.164 form (+8210...), for AlimTalk and SMS. */
  phone?: string;
  /** Kakao chatbot user, for the Event API. */
  kakaoUser?: KakaoUserKey;
  /** AlimTalk template code, at most 20 characters; the Event API passes it on in `params`. */
  templateCode: string;
  /** The finished text, as the template renders with `variables`. */
  text: string;
  /** Values for the `#{name}` placeholders of the template, keys without `#{}`. */
  variables: Record<string, string>;
  buttons: MessageButton[];
  /** Text for SMS/LMS; when absent, `text` plus the web-link buttons is sent. */
  smsText?: string;
  /** LMS title, at most 40 EUC-KR bytes; ignored for SMS. */
  smsTitle?: string;
}

/** The provider took the message; delivery to the handset is reported later. */
export interface SendAccepted {
  outcome: 'accepted';
  channel: ChannelName;
  providerRequestId: string;
  recipientSeq?: number;
  /** True when the provider returned or we found an earlier send of the same deliveryId. */
  duplicate: boolean;
}

/** The attempt failed but the same message may succeed later (429, 5xx, timeout, reset). */
export interface SendRetryable {
  outcome: 'retryable';
  channel: ChannelName;
  code: string;
  detail: string;
  /** Wait the provider asked for in a Retry-After header, in milliseconds. */
  retryAfterMs?: number;
}

/**
 * This channel will never carry this message. `scope: 'recipient'` means this person cannot be
 * reached here (not a KakaoTalk user, blocked, bad number); `scope: 'channel'` means the channel
 * is misconfigured or the message does not fit it (bad key, template mismatch, text too long),
 * which an administrator has to fix.
 */
export interface SendPermanent {
  outcome: 'permanent';
  channel: ChannelName;
  scope: 'recipient' | 'channel';
  code: string;
  detail: string;
}

export type SendResult = SendAccepted | SendRetryable | SendPermanent;

/** Where a message stands at the provider, as a result query reports it. */
export type DeliveryState =
  'pending' | 'delivered' | 'failed-retryable' | 'failed-permanent' | 'cancelled';

export interface LookupFound {
  found: true;
  providerRequestId: string;
  recipientSeq?: number;
  state: DeliveryState;
  resultCode: string;
}

/** A result query that failed: the state of the message at the provider stays unknown. */
export type LookupFailure = SendRetryable | SendPermanent;

export type LookupResult = LookupFound | { found: false } | LookupFailure;

export interface ChannelSender {
  readonly channel: ChannelName;
  send(message: ChannelMessage): Promise<SendResult>;
  /**
   * Asks the provider whether a message with this grouping key (our deliveryId) was already
   * accepted. Used after a crash before resending, because provider idempotency expires.
   */
  lookup?(groupingKey: string): Promise<LookupResult>;
}

const stateRank: Record<DeliveryState, number> = {
  delivered: 4,
  pending: 3,
  'failed-retryable': 2,
  'failed-permanent': 1,
  cancelled: 0,
};

/** Picks the record that went furthest when a grouping key was sent more than once. */
export function pickMostAdvanced(found: LookupFound[]): LookupFound | undefined {
  return found.reduce<LookupFound | undefined>(
    (best, next) => (!best || stateRank[next.state] > stateRank[best.state] ? next : best),
    undefined,
  );
}
