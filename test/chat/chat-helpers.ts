import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import {
  validateSkillResponse,
  type SkillResponse,
} from '../../src/channels/kakao/skill-response.js';
import { skillPayload } from '../channels/skill-fixtures.js';

/** Everything a SkillResponse shows, flattened to text, for assertions. */
export function shownText(response: SkillResponse): string {
  const outputs = response.template?.outputs ?? [];
  return outputs
    .map((output) => {
      if ('simpleText' in output) return output.simpleText.text;
      if ('textCard' in output) {
        const card = output.textCard;
        const buttons = (card.buttons ?? []).map(
          (button) => `${button.label} ${button.phoneNumber ?? ''}`,
        );
        return [card.title, card.description, ...buttons].join('\n');
      }
      return JSON.stringify(output);
    })
    .join('\n');
}

export function quickLabels(response: SkillResponse): string[] {
  return (response.template?.quickReplies ?? []).map((reply) => reply.label);
}

/**
 * Sends one utterance as a KakaoTalk user through the skill endpoint and checks the answer is
 * HTTP 200 with a SkillResponse that passes every Kakao limit.
 */
export async function say(
  app: FastifyInstance,
  userKey: string,
  utterance: string,
  url = '/kakao/skill',
): Promise<SkillResponse> {
  const response = await app.inject({
    method: 'POST',
    url,
    payload: skillPayload(utterance, { userKey }),
  });
  expect(response.statusCode, utterance).toBe(200);
  const body = response.json();
  const checked = validateSkillResponse(body);
  expect(checked.ok ? [] : checked.problems, `reply to ${JSON.stringify(utterance)}`).toEqual([]);
  return body as SkillResponse;
}
