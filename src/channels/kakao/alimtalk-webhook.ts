import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { DeliveryState } from '../channel.js';
import { deliveryStateOf, isRecipientFailure } from './alimtalk-codes.js';

// Wire types of the NHN Cloud KakaoTalk Bizmessage webhook (a POST per batch of events).

/** Header carrying the signature string entered when the webhook was set up in NHN's console. */
export const alimtalkWebhookSignatureHeader = 'x-toast-webhook-signature';

const messageResultHook = z.object({
  kakaoMessageType: z.string().optional(),
  requestId: z.string().min(1),
  recipientSeq: z.coerce.number().int().positive(),
  requestDate: z.string().optional(),
  createDate: z.string().optional(),
  receiveDate: z.string().nullish(),
  recipientNo: z.string().optional(),
  resultCode: z.coerce.string(),
  senderGroupingKey: z.string().nullish(),
  recipientGroupingKey: z.string().nullish(),
  hookId: z.string().optional(),
});

/** Unknown fields are dropped, not rejected: providers add fields without notice. */
const webhookEnvelope = z.object({
  hooksId: z.string().optional(),
  webhookConfigId: z.string().optional(),
  productName: z.string().optional(),
  appKey: z.string().optional(),
  event: z.string().min(1),
  hooks: z.array(z.unknown()),
});

export type AlimtalkWebhookEnvelope = z.infer<typeof webhookEnvelope>;
export type AlimtalkMessageResultHook = z.infer<typeof messageResultHook>;

/** One delivery result from a MESSAGE_RESULT_UPDATE event, without the phone number. */
export interface AlimtalkResultUpdate {
  requestId: string;
  recipientSeq: number;
  /** Our deliveryId, as sent in the request. */
  recipientGroupingKey: string | undefined;
  resultCode: string;
  state: DeliveryState;
  /** True when the code means this person cannot get AlimTalk, so SMS should follow. */
  recipientFailure: boolean;
  receiveDate: string | undefined;
  hookId: string | undefined;
}

export type AlimtalkWebhookReading =
  | { ok: true; event: string; updates: AlimtalkResultUpdate[] }
  | { ok: false; status: 400 | 401; reason: string };

/**
 * Compares the received signature with the configured secret in constant time. Both sides are
 * hashed first so that neither their lengths nor a shared prefix shows in the timing.
 */
export function verifyWebhookSignature(received: string | undefined, secret: string): boolean {
  if (received === undefined || secret === '') return false;
  const expected = createHash('sha256').update(secret, 'utf8').digest();
  const actual = createHash('sha256').update(received, 'utf8').digest();
  return timingSafeEqual(expected, actual);
}

/**
 * Checks the signature, then reads the envelope. Events other than MESSAGE_RESULT_UPDATE (a
 * template status change, for example) are accepted with no updates.
 */
export function readAlimtalkWebhook(
  input: { signature: string | undefined; body: unknown },
  secret: string,
): AlimtalkWebhookReading {
  if (!verifyWebhookSignature(input.signature, secret)) {
    const reason = `missing or wrong ${alimtalkWebhookSignatureHeader} header; it must equal the signature set for this webhook`;
    return { ok: false, status: 401, reason };
  }

  const envelope = webhookEnvelope.safeParse(input.body);
  if (!envelope.success) {
    return { ok: false, status: 400, reason: describeIssues('webhook body', envelope.error) };
  }
  if (envelope.data.event !== 'MESSAGE_RESULT_UPDATE') {
    return { ok: true, event: envelope.data.event, updates: [] };
  }

  const updates: AlimtalkResultUpdate[] = [];
  for (const [index, raw] of envelope.data.hooks.entries()) {
    const hook = messageResultHook.safeParse(raw);
    if (!hook.success) {
      return { ok: false, status: 400, reason: describeIssues(`hooks[${index}]`, hook.error) };
    }
    updates.push(toUpdate(hook.data));
  }
  return { ok: true, event: envelope.data.event, updates };
}

function toUpdate(hook: AlimtalkMessageResultHook): AlimtalkResultUpdate {
  return {
    requestId: hook.requestId,
    recipientSeq: hook.recipientSeq,
    recipientGroupingKey: hook.recipientGroupingKey ?? undefined,
    resultCode: hook.resultCode,
    state: deliveryStateOf(hook.resultCode),
    recipientFailure: isRecipientFailure(hook.resultCode),
    receiveDate: hook.receiveDate ?? undefined,
    hookId: hook.hookId,
  };
}

function describeIssues(where: string, error: z.ZodError): string {
  const issues = error.issues.map((issue) => {
    const path = issue.path.length > 0 ? issue.path.join('.') : '(root)';
    return `${path}: ${issue.message}`;
  });
  return `invalid ${where}: ${issues.join('; ')}`;
}
