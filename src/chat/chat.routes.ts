import { registerSkillRoutes } from '../channels/kakao/skill.routes.js';
import { registerWebChatRoutes } from '../channels/webchat/webchat.routes.js';
import type { ApiRouter } from '../server/router.js';
import { registerConversationRoutes } from './conversations.routes.js';

/** Registers the chat channels (Kakao skill, web chat) and the agents' conversation API. */
export async function registerChatRoutes(api: ApiRouter): Promise<void> {
  await registerSkillRoutes(api);
  registerConversationRoutes(api);
  registerWebChatRoutes(api);
}
