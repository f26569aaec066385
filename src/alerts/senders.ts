import { createChannelSenders, type ChannelName, type ChannelSender } from '../channels/index.js';
import type { AppContext } from '../context.js';

export type SenderMap = ReadonlyMap<ChannelName, ChannelSender>;

const senders = new WeakMap<AppContext, SenderMap>();

/**
 * The channel senders of a context, created from its config on first use. Without provider
 * credentials that is the file outbox alone.
 */
export function sendersFor(ctx: AppContext): SenderMap {
  let map = senders.get(ctx);
  if (!map) {
    map = toMap(createChannelSenders(ctx.config, ctx.log).ordered);
    senders.set(ctx, map);
  }
  return map;
}

/** Replaces the senders of a context: the demo pins the file outbox, tests use local fakes. */
export function useSenders(ctx: AppContext, list: ChannelSender[]): void {
  senders.set(ctx, toMap(list));
}

function toMap(list: ChannelSender[]): SenderMap {
  return new Map(list.map((sender) => [sender.channel, sender]));
}

export interface ContactChannels {
  phone: string | null;
  kakaoUserKey: string | null;
}

/**
 * The channels to try for one traveler, in order: AlimTalk to the phone, a chatbot message to
 * a Kakao user key, then SMS/LMS to the phone. The file outbox stands in for all of them when
 * no provider is configured. Empty means the traveler cannot be reached.
 */
export function channelChain(contact: ContactChannels, available: SenderMap): ChannelName[] {
  const chain: ChannelName[] = [];
  if (contact.phone && available.has('alimtalk')) chain.push('alimtalk');
  if (contact.kakaoUserKey && available.has('kakao-event')) chain.push('kakao-event');
  if (contact.phone && available.has('sms')) chain.push('sms');
  const reachable = Boolean(contact.phone || contact.kakaoUserKey);
  if (chain.length === 0 && reachable && available.has('file')) chain.push('file');
  return chain;
}
