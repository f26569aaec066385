import { registerSkillRoutes } from '../channels/kakao/skill.routes.js';
import type { ApiRouter } from '../server/router.js';

/** Registers the chat channels (Kakao skill, web chat) and the agents' conversation API. */
export async function registerChatRoutes(api: ApiRouter): Promise<void> {
  await registerSkillRoutes(api);
}
