import type {
  ChannelMessage,
  ChannelName,
  ChannelSender,
  DeliveryState,
  LookupResult,
  SendResult,
} from '../../src/channels/index.js';

/** Replies of the test sender for one recipient, used up one send at a time. */
export type Script = ('accept' | 'retry' | 'rate-limit' | 'permanent' | 'throw')[];

/**
 * An in-memory provider for one channel. It remembers every message it accepted by delivery
 * id, so lookups after a crash find them, and it replies to each recipient by its script.
 */
export class TestSender implements ChannelSender {
  readonly accepted: ChannelMessage[] = [];
  readonly calls: ChannelMessage[] = [];
  private readonly scripts = new Map<string, Script>();
  supportsLookup = true;
  /** Time each send takes, in milliseconds. */
  delayMs = 0;
  /** Result state that lookups report for accepted messages. */
  lookupState: DeliveryState = 'pending';

  constructor(readonly channel: ChannelName) {}

  /** Sets the replies for a recipient (phone number or Kakao user key). */
  script(recipient: string, answers: Script): void {
    this.scripts.set(recipient, [...answers]);
  }

  async send(message: ChannelMessage): Promise<SendResult> {
    this.calls.push(message);
    if (this.delayMs > 0) await new Promise((done) => setTimeout(done, this.delayMs));
    const recipient =
      (this.channel === 'kakao-event' ? message.kakaoUser?.id : message.phone) ?? '';
    const answer = this.scripts.get(recipient)?.shift() ?? 'accept';
    const channel = this.channel;
    switch (answer) {
      case 'accept':
        this.accepted.push(message);
        return {
          outcome: 'accepted',
          channel,
          providerRequestId: `req-${message.deliveryId}`,
          duplicate: false,
        };
      case 'retry':
        return { outcome: 'retryable', channel, code: '503', detail: 'service unavailable' };
      case 'rate-limit':
        return {
          outcome: 'retryable',
          channel,
          code: '429',
          detail: 'too many requests',
          retryAfterMs: 1000,
        };
      case 'permanent':
        return {
          outcome: 'permanent',
          channel,
          scope: 'recipient',
          code: '3019',
          detail: 'not a KakaoTalk user',
        };
      case 'throw':
        throw new Error('connection reset');
    }
  }

  get lookup(): ((key: string) => Promise<LookupResult>) | undefined {
    if (!this.supportsLookup) return undefined;
    return async (key: string) => {
      const found = this.accepted.find((message) => message.deliveryId === key);
      if (!found) return { found: false };
      const resultCode =
        this.lookupState === 'delivered' ? '1000' : this.lookupState === 'pending' ? '0' : '3019';
      return { found: true, providerRequestId: `req-${key}`, state: this.lookupState, resultCode };
    };
  }

  acceptedFor(travelerRef: string): ChannelMessage[] {
    return this.accepted.filter((message) => message.travelerRef === travelerRef);
  }
}
