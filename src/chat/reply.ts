/**
 * What the bot says in one turn, independent of the channel. The Kakao renderer turns it into
 * a SkillResponse; the web chat sends it as JSON.
 */
export interface ChatButton {
  label: string;
  kind: 'phone' | 'link';
  /** A dialable number (digits with an optional leading +) or an https URL. */
  value: string;
}

export interface ChatCard {
  title: string;
  description: string;
  buttons: ChatButton[];
}

/** A tappable answer. `text` is what the user sends by tapping it. */
export interface QuickOption {
  label: string;
  text: string;
}

export interface ChatReply {
  texts: string[];
  card?: ChatCard;
  options: QuickOption[];
  /** No bot content this turn: the message went to the agent who owns the conversation. */
  silent?: boolean;
}

export function reply(texts: string | string[], options: QuickOption[] = [], card?: ChatCard) {
  const list = Array.isArray(texts) ? texts : [texts];
  const out: ChatReply = { texts: list.filter((text) => text.length > 0), options };
  if (card) out.card = card;
  return out;
}

export function option(label: string, text: string = label): QuickOption {
  return { label, text };
}

export const silentReply: ChatReply = { texts: [], options: [], silent: true };

/** The consular call center: reachable from abroad (paid) around the clock. */
export const callCenter = {
  display: '+82-2-3210-0404',
  dial: '+82232100404',
} as const;
