import { toHook } from './alimtalk.js';
import type { AcceptedRecord, Ledger } from './ledger.js';
import type { FakeProviderOptions } from './options.js';

/** NHN sends at most this many hooks per webhook request in the fake; a guess, not documented. */
const hooksPerPost = 1000;

/**
 * Posts final AlimTalk results to the configured webhook URL as NHN does: one envelope per
 * batch, with the shared signature in X-Toast-Webhook-Signature. A result whose post fails stays
 * unposted and goes out with the next batch.
 */
export class WebhookPoster {
  private readonly timers = new Set<NodeJS.Timeout>();
  private flushing: Promise<number> = Promise.resolve(0);

  constructor(
    private readonly ledger: Ledger,
    private readonly options: () => FakeProviderOptions,
  ) {}

  /** Arranges a post for when the record's result becomes final. */
  schedule(record: AcceptedRecord): void {
    if (record.protocol !== 'alimtalk' || this.options().webhookUrl === undefined) return;
    const timer = setTimeout(
      () => {
        this.timers.delete(timer);
        void this.flush();
      },
      Math.max(0, record.finalAt - Date.now()),
    );
    this.timers.add(timer);
  }

  /** Posts every final, unposted AlimTalk result; runs one flush at a time. */
  flush(): Promise<number> {
    this.flushing = this.flushing.then(() => this.postDue());
    return this.flushing;
  }

  cancel(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private async postDue(): Promise<number> {
    const { webhookUrl, webhookSecret } = this.options();
    if (webhookUrl === undefined) return 0;

    const now = Date.now();
    const due = this.ledger.records.filter(
      (record) => record.protocol === 'alimtalk' && !record.webhookPosted && now >= record.finalAt,
    );
    let posted = 0;
    for (let start = 0; start < due.length; start += hooksPerPost) {
      const batch = due.slice(start, start + hooksPerPost);
      if (await this.post(webhookUrl, webhookSecret, batch)) {
        for (const record of batch) record.webhookPosted = true;
        posted += batch.length;
      }
    }
    return posted;
  }

  private async post(url: string, secret: string, batch: AcceptedRecord[]): Promise<boolean> {
    const envelope = {
      hooksId: `${Date.now()}${Math.random().toString(36).slice(2, 10)}`,
      webhookConfigId: 'fake-webhook-config',
      productName: 'KakaoTalk Bizmessage',
      appKey: this.options().alimtalkAppKey ?? 'fake-app-key',
      event: 'MESSAGE_RESULT_UPDATE',
      hooks: batch.map(toHook),
    };
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Toast-Webhook-Signature': secret },
        body: JSON.stringify(envelope),
        signal: AbortSignal.timeout(5000),
      });
      await response.arrayBuffer();
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      this.ledger.counters.webhooksPosted += batch.length;
      return true;
    } catch {
      this.ledger.counters.webhookFailures += 1;
      return false;
    }
  }
}
