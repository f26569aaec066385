import { registerSkillRoutes } from '../channels/kakao/skill.routes.js';
import { registerWebChatRoutes } from '../channels/webchat/webchat.routes.js';
import type { ApiRouter } from '../server/router.js';
import { kakaoEventAgentSender } from './agent-delivery.js';
import { registerConversationRoutes } from './conversations.routes.js';
import { setAgentMessageSender } from './handoff.service.js';

/** Registers the chat channels (Kakao skill, web chat) and the agents' conversation API. */
export async function registerChatRoutes(api: ApiRouter): Promise<void> {
  const eventSender = kakaoEventAgentSender(api.ctx);
  if (eventSender) setAgentMessageSender(api.ctx, eventSender);
  await registerSkillRoutes(api);
  registerConversationRoutes(api);
  registerWebChatRoutes(api);
}
