import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const repoRoot = resolve(import.meta.dirname, '..', '..');

/** Folder of the shared real-world sample payloads, or undefined when it is absent. */
export const kakaoFixturesDir = (() => {
  const base = process.env.ABROAD_FIXTURES_DIR ?? resolve(repoRoot, '..', 'shared', 'fixtures');
  const dir = resolve(base, 'kakao');
  return existsSync(dir) ? dir : undefined;
})();

if (!kakaoFixturesDir) {
  console.warn('Kakao sample payloads not found: set ABROAD_FIXTURES_DIR; those tests are skipped');
}

export function readKakaoFixture(name: string): unknown {
  return JSON.parse(readFileSync(resolve(kakaoFixturesDir!, name), 'utf8'));
}

export const skillRequestFixtures = [
  '01-skill-request-channel-fallback.json',
  '03-skill-request-skill-test-console.json',
  '04-skill-request-callback-enabled.json',
];

let counter = 0;

/** A skill request as a real KakaoTalk channel sends it, for one user and one utterance. */
export function skillPayload(
  utterance: string,
  options: { userKey?: string; callbackUrl?: string; extra?: Record<string, unknown> } = {},
) {
  counter += 1;
  return {
    intent: { id: 'intent-fallback', name: '폴백 블록' },
    userRequest: {
      timezone: 'Asia/Seoul',
      params: { surface: 'Kakaotalk.plusfriend' },
      block: { id: 'block-fallback', name: '폴백 블록' },
      utterance,
      lang: 'ko',
      user: {
        id: options.userKey ?? `test-user-${counter}-${Date.now()}`,
        type: 'botUserKey',
        properties: { plusfriendUserKey: 'pf-test', isFriend: true },
      },
      ...(options.callbackUrl ? { callbackUrl: options.callbackUrl } : {}),
    },
    bot: { id: 'bot-test', name: '영사콜센터' },
    action: {
      id: 'action-main',
      name: 'abroad',
      params: {},
      detailParams: {},
      clientExtra: options.extra ?? null,
    },
    contexts: [],
  };
}
