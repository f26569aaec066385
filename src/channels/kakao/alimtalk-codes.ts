import type { DeliveryState, SendPermanent } from '../channel.js';

/**
 * Meaning of NHN Cloud AlimTalk codes (API v2.3). Two families: API codes in the send response
 * (0 or negative, about the request) and Kakao delivery codes in result queries and webhooks
 * (four digits, about the handset).
 */

/** Kakao reports that the person cannot receive AlimTalk, so the next channel should try. */
const recipientUnreachable = new Set(['3008', '3018', '3019', '3020', '3021']);

/** Kakao or NHN had a passing failure (4156: too many deliveries; 4143: request expired). */
const transientDelivery = new Set([
  '2001',
  '3000',
  '3006',
  '3010',
  '3012',
  '4143',
  '4156',
  '9998',
  '9999',
]);

/** Result-query statuses after which the result code is final; anything else is in progress. */
const finalStatuses = new Set(['COMPLETED', 'FAILED']);

/**
 * Maps a Kakao delivery result code to a state. 3005 (sent, receipt unconfirmed) counts as
 * delivered because resending would duplicate the alert; 4131 (duplicated requestId) means an
 * earlier request carried the message. Unknown failure codes count as permanent so the traveler
 * still gets the next channel. Webhook hooks carry no `messageStatus`; their code is final.
 */
export function deliveryStateOf(resultCode: string, messageStatus?: string): DeliveryState {
  if (messageStatus === 'CANCEL') return 'cancelled';
  const finished = messageStatus === undefined || finalStatuses.has(messageStatus);
  if (!finished || resultCode === '') return 'pending';
  if (resultCode === '1000' || resultCode === '3005' || resultCode === '4131') return 'delivered';
  if (transientDelivery.has(resultCode)) return 'failed-retryable';
  return 'failed-permanent';
}

/** True when a failed delivery code is about the person rather than the template or channel. */
export function isRecipientFailure(resultCode: string): boolean {
  return recipientUnreachable.has(resultCode);
}

/** API codes that mean the configured keys or sender are wrong. */
const configurationCodes = new Set([-1000, -1001, -1002, -1003, -1006, -1027, -9996]);

export const nhnAccepted = 0;
/** The X-NC-API-IDEMPOTENCY-KEY was used within the last 10 minutes. */
export const nhnIdempotencyKeyReused = -1005;
export const nhnInvalidRecipient = -5000;
export const nhnSystemError = -9999;

/**
 * Builds the permanent failure for a send-response API code other than 0 and -9999. NHN documents
 * -9999 (system error) as its only passing failure, so the caller treats that one as retryable.
 */
export function permanentApiFailure(
  code: number,
  message: string,
  requestName: string,
): SendPermanent {
  const base = { outcome: 'permanent' as const, channel: 'alimtalk' as const, code: String(code) };
  if (code === nhnInvalidRecipient) {
    const detail = `${requestName} was rejected: invalid recipient number (${code} ${message})`;
    return { ...base, scope: 'recipient', detail };
  }
  if (configurationCodes.has(code)) {
    const detail = `${requestName} was rejected: ${code} ${message}; check the NHN AlimTalk app key, secret key and sender key`;
    return { ...base, scope: 'channel', detail };
  }
  const detail = `${requestName} was rejected: ${code} ${message}; check the template code, its approval and the template variables`;
  return { ...base, scope: 'channel', detail };
}
