export type FakeProtocol = 'alimtalk' | 'sms' | 'kakao-event';

/** One recipient the fake accepted, with the delivery result it will report. */
export interface AcceptedRecord {
  protocol: FakeProtocol;
  requestId: string;
  recipientSeq: number;
  /** recipientNo, internationalRecipientNo or Kakao user key, as sent. */
  recipient: string;
  groupingKey: string | undefined;
  templateCode: string | undefined;
  text: string | undefined;
  smsType: 'SMS' | 'LMS' | undefined;
  acceptedAt: number;
  /** When the delivery result becomes final, in epoch milliseconds. */
  finalAt: number;
  /** Final delivery result: 1000 delivered, or the configured failure code. */
  resultCode: string;
  webhookPosted: boolean;
}

export interface FakeCounters {
  requests: number;
  serverErrors: number;
  rateLimited: number;
  dropped: number;
  droppedAfterAccept: number;
  idempotencyRejected: number;
  idempotencyReplayed: number;
  recipientsRejected: number;
  webhooksPosted: number;
  webhookFailures: number;
}

export interface FakeStats {
  counters: FakeCounters;
  accepted: number;
  acceptedByProtocol: Record<FakeProtocol, number>;
  /** Accepted sends per protocol and recipient; more than 1 means a message went out twice. */
  acceptedPerRecipient: Record<FakeProtocol, Record<string, number>>;
  /** Most sends accepted within any 1,000 ms, over all protocols. */
  maxAcceptedPerSecond: number;
  firstAcceptedAt: string | undefined;
  lastAcceptedAt: string | undefined;
}

/** A provider request as received, kept so tests can check what a client sent. */
export interface ReceivedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: unknown;
  receivedAt: number;
}

/** Requests kept for inspection; older ones are dropped so long benchmarks stay small. */
const keptRequests = 200;

export interface StoredReply {
  status: number;
  body: unknown;
}

function zeroCounters(): FakeCounters {
  return {
    requests: 0,
    serverErrors: 0,
    rateLimited: 0,
    dropped: 0,
    droppedAfterAccept: 0,
    idempotencyRejected: 0,
    idempotencyReplayed: 0,
    recipientsRejected: 0,
    webhooksPosted: 0,
    webhookFailures: 0,
  };
}

/** Everything the fake accepted, its idempotency memory and its counters. */
export class Ledger {
  records: AcceptedRecord[] = [];
  counters: FakeCounters = zeroCounters();
  requests: ReceivedRequest[] = [];
  private readonly keys = new Map<string, { at: number; reply: StoredReply }>();

  accept(record: AcceptedRecord): void {
    this.records.push(record);
  }

  receive(request: ReceivedRequest): void {
    this.counters.requests += 1;
    this.requests.push(request);
    if (this.requests.length > keptRequests) this.requests.shift();
  }

  /** Stores the response given for an idempotency key, per protocol. */
  rememberKey(protocol: FakeProtocol, key: string, at: number, reply: StoredReply): void {
    this.keys.set(`${protocol}:${key}`, { at, reply });
  }

  /** Returns the earlier response when the key was used less than `windowMs` ago. */
  recallKey(
    protocol: FakeProtocol,
    key: string,
    now: number,
    windowMs: number,
  ): StoredReply | undefined {
    const entry = this.keys.get(`${protocol}:${key}`);
    if (!entry || now - entry.at >= windowMs) return undefined;
    return entry.reply;
  }

  /** Counts sends accepted in the 1,000 ms before `now`. */
  acceptedInLastSecond(now: number): number {
    let count = 0;
    for (let index = this.records.length - 1; index >= 0; index -= 1) {
      if (now - this.records[index].acceptedAt >= 1000) break;
      count += 1;
    }
    return count;
  }

  stats(): FakeStats {
    const acceptedByProtocol = { alimtalk: 0, sms: 0, 'kakao-event': 0 };
    const acceptedPerRecipient: FakeStats['acceptedPerRecipient'] = {
      alimtalk: {},
      sms: {},
      'kakao-event': {},
    };
    for (const record of this.records) {
      acceptedByProtocol[record.protocol] += 1;
      const perRecipient = acceptedPerRecipient[record.protocol];
      perRecipient[record.recipient] = (perRecipient[record.recipient] ?? 0) + 1;
    }

    const times = this.records.map((record) => record.acceptedAt).sort((a, b) => a - b);
    return {
      counters: { ...this.counters },
      accepted: this.records.length,
      acceptedByProtocol,
      acceptedPerRecipient,
      maxAcceptedPerSecond: maxWithinWindow(times, 1000),
      firstAcceptedAt: times.length > 0 ? new Date(times[0]).toISOString() : undefined,
      lastAcceptedAt:
        times.length > 0 ? new Date(times[times.length - 1]).toISOString() : undefined,
    };
  }

  reset(): void {
    this.records = [];
    this.counters = zeroCounters();
    this.requests = [];
    this.keys.clear();
  }
}

/** Largest number of sorted instants inside any half-open window [t, t + windowMs). */
export function maxWithinWindow(sortedTimes: number[], windowMs: number): number {
  let best = 0;
  let start = 0;
  for (let end = 0; end < sortedTimes.length; end += 1) {
    while (sortedTimes[end] - sortedTimes[start] >= windowMs) start += 1;
    best = Math.max(best, end - start + 1);
  }
  return best;
}
