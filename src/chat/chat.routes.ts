import { registerSkillRoutes } from '../channels/kakao/skill.routes.js';
import { registerWebChatRoutes } from '../channels/webchat/webchat.routes.js';
import { ensureBundledSnapshot } from '../advisories/index.js';
import type { AppContext } from '../context.js';
import { registerInterpretationRoutes } from '../interpretation/index.js';
import type { ApiRouter } from '../server/router.js';
import { kakaoEventAgentSender } from './agent-delivery.js';
import { knowledgeBase } from './knowledge.js';
import { missionFor, searchCities } from './ports.js';
import { registerConversationRoutes } from './conversations.routes.js';
import { setAgentMessageSender } from './handoff.service.js';

/** Registers the chat channels (Kakao skill, web chat) and the agents' conversation API. */
export async function registerChatRoutes(api: ApiRouter): Promise<void> {
  const eventSender = kakaoEventAgentSender(api.ctx);
  if (eventSender) setAgentMessageSender(api.ctx, eventSender);
  await registerSkillRoutes(api);
  registerConversationRoutes(api);
  registerWebChatRoutes(api);
  registerInterpretationRoutes(api);
  // The gazetteer and mission directory load on first use (about a second); load them before
  // the first user waits on them inside Kakao's 5-second limit.
  api.app.addHook('onReady', async () => warmUp(api.ctx));
}

async function warmUp(ctx: AppContext): Promise<void> {
  searchCities('Seoul', 'KR');
  missionFor('JP', 139.69, 35.69);
  knowledgeBase();
  await ensureBundledSnapshot(ctx);
}
