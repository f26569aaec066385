import { join } from 'node:path';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import { registerEraser } from '../travelers/index.js';
import type { ChannelSender } from './channel.js';
import { NhnAlimtalkSender } from './kakao/alimtalk-nhn.js';
import { KakaoEventSender } from './kakao/event-api.js';
import { FileOutbox, outboxFileName } from './outbox-file.js';
import { NhnSmsSender } from './sms/sms-nhn.js';

export type {
  ChannelMessage,
  ChannelName,
  ChannelSender,
  DeliveryState,
  KakaoUserKey,
  LookupFailure,
  LookupFound,
  LookupResult,
  MessageButton,
  SendAccepted,
  SendPermanent,
  SendResult,
  SendRetryable,
} from './channel.js';
export {
  NhnAlimtalkSender,
  readAlimtalkWebhook,
  verifyWebhookSignature,
  alimtalkWebhookSignatureHeader,
  type AlimtalkResultUpdate,
  type AlimtalkWebhookReading,
} from './kakao/alimtalk-nhn.js';
export { deliveryStateOf, isRecipientFailure } from './kakao/alimtalk-codes.js';
export { KakaoEventSender } from './kakao/event-api.js';
export { NhnSmsSender, composeSmsText } from './sms/sms-nhn.js';
export { chooseSmsType, measureEucKr, truncateEucKr } from './sms/sms-text.js';
export { FileOutbox, type OutboxLine } from './outbox-file.js';

export interface ChannelSenders {
  /** Senders in the order the dispatcher tries them: AlimTalk, Kakao event, SMS. */
  ordered: ChannelSender[];
  /** The file outbox when no provider is configured. */
  outbox: FileOutbox | undefined;
}

/**
 * Builds a sender for each configured provider. With none configured, every message goes to the
 * file outbox in the data folder, so a fresh install shows its alerts without any account.
 */
export function createChannelSenders(config: Config, log: Logger): ChannelSenders {
  const channelLog = log.child({ component: 'channels' });
  const timeoutMs = config.providerTimeoutMs;
  const ordered: ChannelSender[] = [];
  if (config.alimtalk) {
    ordered.push(new NhnAlimtalkSender({ ...config.alimtalk, log: channelLog, timeoutMs }));
  }
  if (config.kakaoEvent) {
    ordered.push(new KakaoEventSender({ ...config.kakaoEvent, log: channelLog, timeoutMs }));
  }
  if (config.sms) {
    ordered.push(new NhnSmsSender({ ...config.sms, log: channelLog, timeoutMs }));
  }
  if (ordered.length > 0) return { ordered, outbox: undefined };

  const outbox = sharedOutbox(config.dataDir, channelLog);
  return { ordered: [outbox], outbox };
}

const outboxes = new Map<string, FileOutbox>();

/**
 * Returns the one FileOutbox of a data folder in this process. Sends and the retention purge
 * must share it, because the purge renames a new file over the old one and each instance keeps
 * its own index of the ids in the file.
 */
export function sharedOutbox(dataDir: string, log: Logger): FileOutbox {
  const path = join(dataDir, outboxFileName);
  let outbox = outboxes.get(path);
  if (!outbox) {
    outbox = new FileOutbox(path, { log });
    outboxes.set(path, outbox);
  }
  return outbox;
}

// The retention purge erases travelers' lines from the outbox by their ref, the only traveler
// field the outbox keeps.
registerEraser('file-outbox', async (ctx, _travelerIds, refs) => {
  const outbox = sharedOutbox(ctx.config.dataDir, ctx.log.child({ component: 'channels' }));
  return outbox.eraseTravelers(refs);
});
