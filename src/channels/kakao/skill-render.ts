import type { ChatMessage } from '../../chat/index.js';
import type { ChatCard, ChatReply } from '../../chat/reply.js';
import {
  kakaoLimits,
  validateSkillResponse,
  type SkillButton,
  type SkillOutput,
  type SkillResponse,
} from './skill-response.js';

/**
 * Draws a chat reply as a SkillResponse: agent messages and texts as simpleText bubbles, a card
 * as a textCard, options as quick replies. Content is fitted to Kakao's limits here (long texts
 * split, extra bubbles merged, labels shortened); the validator then checks the result.
 */
export function renderSkillResponse(
  chatReply: ChatReply,
  agentMessages: ChatMessage[] = [],
  agentPrefix = '',
  relayedNotice?: string,
): SkillResponse {
  const bubbles = [
    ...agentMessages.map((message) =>
      message.author === 'agent' ? `${agentPrefix}${message.text}` : message.text,
    ),
    ...(chatReply.silent ? [] : chatReply.texts),
  ].flatMap(splitText);
  const card = chatReply.silent ? undefined : chatReply.card;
  if (bubbles.length === 0 && !card) {
    // The bot has nothing to say while an agent has the conversation. Kakao requires a
    // template on blocks that answer with skill data, so a short receipt replaces silence.
    if (!relayedNotice) return { version: '2.0', data: { silent: true } };
    return { version: '2.0', template: { outputs: [{ simpleText: { text: relayedNotice } }] } };
  }

  const room = kakaoLimits.outputsMax - (card ? 1 : 0);
  const outputs: SkillOutput[] = fitBubbles(bubbles, room).map((text) => ({
    simpleText: { text },
  }));
  if (card) outputs.push({ textCard: renderCard(card) });

  const response: SkillResponse = { version: '2.0', template: { outputs } };
  const quickReplies = chatReply.silent ? [] : chatReply.options;
  if (quickReplies.length > 0) {
    response.template!.quickReplies = quickReplies
      .slice(0, kakaoLimits.quickRepliesMax)
      .map((option) => ({
        label: clip(option.label, kakaoLimits.quickReplyLabel),
        action: 'message',
        messageText: option.text,
      }));
  }
  return response;
}

function splitText(text: string): string[] {
  const limit = kakaoLimits.simpleText;
  if (text.length <= limit) return [text];
  const parts: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    const cut = Math.max(rest.lastIndexOf('\n', limit), rest.lastIndexOf(' ', limit));
    const at = cut > limit / 2 ? cut : limit;
    parts.push(rest.slice(0, at).trimEnd());
    rest = rest.slice(at).trimStart();
  }
  if (rest.length > 0) parts.push(rest);
  return parts;
}

/** Keeps at most `room` bubbles: the overflow joins the last one, clipped to the text limit. */
function fitBubbles(bubbles: string[], room: number): string[] {
  if (bubbles.length <= room) return bubbles;
  const kept = bubbles.slice(0, room - 1);
  const merged = bubbles.slice(room - 1).join('\n\n');
  return [...kept, clip(merged, kakaoLimits.simpleText)];
}

function renderCard(card: ChatCard) {
  const title = clip(card.title, kakaoLimits.cardTitle);
  const description = clip(card.description, kakaoLimits.textCardBody - title.length);
  const buttons: SkillButton[] = card.buttons
    .slice(0, kakaoLimits.buttonsVertical)
    .map((button) => {
      const label = clip(button.label, kakaoLimits.buttonLabel);
      return button.kind === 'phone'
        ? { label, action: 'phone', phoneNumber: button.value }
        : { label, action: 'webLink', webLinkUrl: button.value };
    });
  return { title, description, buttons, buttonLayout: 'vertical' as const };
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Builds a reply that is always valid, for when building the real one failed. */
export function fallbackSkillResponse(text: string, agentLabel: string): SkillResponse {
  return {
    version: '2.0',
    template: {
      outputs: [{ simpleText: { text: clip(text, kakaoLimits.simpleText) } }],
      quickReplies: [{ label: clip(agentLabel, 14), action: 'message', messageText: agentLabel }],
    },
  };
}

/** Renders and validates; throws with every problem when the reply breaks a Kakao limit. */
export function renderValidSkillResponse(
  chatReply: ChatReply,
  agentMessages: ChatMessage[] = [],
  agentPrefix = '',
  relayedNotice?: string,
): SkillResponse {
  const rendered = renderSkillResponse(chatReply, agentMessages, agentPrefix, relayedNotice);
  const checked = validateSkillResponse(rendered);
  if (!checked.ok) {
    throw new Error(`reply breaks Kakao limits: ${checked.problems.join('; ')}`);
  }
  return checked.response;
}
