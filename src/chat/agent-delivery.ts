import { KakaoEventSender } from '../channels/index.js';
import type { AppContext } from '../context.js';
import type { AgentMessageSender } from './handoff.service.js';

/** Template code passed to the event block, so its skill can tell agent text from alerts. */
export const agentReplyTemplate = 'AGENT_REPLY';

/**
 * Sends agent messages to Kakao users through the Event API (the bot speaks first); web chat
 * users read them by polling. Each event costs money and reaches only channel friends, so a
 * message the API does not accept still waits for the user's next message.
 */
export function kakaoEventAgentSender(ctx: AppContext): AgentMessageSender | undefined {
  const settings = ctx.config.kakaoEvent;
  if (!settings) return undefined;
  const sender = new KakaoEventSender({
    ...settings,
    log: ctx.log.child({ component: 'chat' }),
    timeoutMs: ctx.config.providerTimeoutMs,
  });
  return async (_ctx, conversation, message) => {
    if (conversation.channel !== 'kakao') return false;
    const result = await sender.send({
      deliveryId: message.id,
      alertId: conversation.id,
      travelerRef: conversation.travelerId ?? '',
      kakaoUser: { type: 'botUserKey', id: conversation.userKey },
      templateCode: agentReplyTemplate,
      text: message.text,
      variables: {},
      buttons: [],
    });
    return result.outcome === 'accepted';
  };
}
