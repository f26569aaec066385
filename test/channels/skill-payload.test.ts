import { describe, expect, it } from 'vitest';
import { parseSkillRequest } from '../../src/channels/kakao/skill-request.js';
import { kakaoLimits, validateSkillResponse } from '../../src/channels/kakao/skill-response.js';
import {
  kakaoFixturesDir,
  readKakaoFixture,
  skillPayload,
  skillRequestFixtures,
} from './skill-fixtures.js';

describe.skipIf(!kakaoFixturesDir)('skill request parser on real payloads', () => {
  it.each(skillRequestFixtures)('parses %s', (name) => {
    const parsed = parseSkillRequest(readKakaoFixture(name));
    expect(parsed.ok).toBe(true);
  });

  it('reads the channel fallback request', () => {
    const parsed = parseSkillRequest(readKakaoFixture(skillRequestFixtures[0]));
    if (!parsed.ok) throw new Error(parsed.problems.join('; '));
    expect(parsed.request.userKeyType).toBe('botUserKey');
    expect(parsed.request.plusfriendUserKey).toBe('FAKEpfKey001');
    expect(parsed.request.lang).toBe('kr');
    expect(parsed.request.surface).toBe('Kakaotalk.plusfriend');
    expect(parsed.request.fromTestTool).toBe(false);
    expect(parsed.request.clientExtra).toEqual({});
  });

  it('reads the skill test console request with lang null', () => {
    const parsed = parseSkillRequest(readKakaoFixture(skillRequestFixtures[1]));
    if (!parsed.ok) throw new Error(parsed.problems.join('; '));
    expect(parsed.request.lang).toBeNull();
    expect(parsed.request.userKeyType).toBe('accountId');
    expect(parsed.request.plusfriendUserKey).toBeNull();
    expect(parsed.request.fromTestTool).toBe(true);
    expect(parsed.request.actionParams).toEqual({ cocktail_name: '맨해튼' });
  });

  it('reads the callback URL', () => {
    const parsed = parseSkillRequest(readKakaoFixture(skillRequestFixtures[2]));
    if (!parsed.ok) throw new Error(parsed.problems.join('; '));
    expect(parsed.request.callbackUrl).toMatch(/^https:\/\/bot-api\.kakao\.com\/v1\/bots\//);
  });

  it.each(['05-skill-callback-post-body.json', '06-skill-response-callback-ack.json'])(
    'accepts the response sample %s',
    (name) => {
      expect(validateSkillResponse(readKakaoFixture(name)).ok).toBe(true);
    },
  );

  it('strips the stray type field of the basic card sample', () => {
    const result = validateSkillResponse(readKakaoFixture('08-skill-response-basic-card.json'));
    if (!result.ok) throw new Error(result.problems.join('; '));
    const card = (
      result.response.template!.outputs[0] as unknown as { basicCard: Record<string, unknown> }
    ).basicCard;
    expect(card.type).toBeUndefined();
    expect(card.title).toBe('보물상자');
  });
});

describe('skill request parser leniency', () => {
  it('ignores unknown fields at every level', () => {
    const payload = skillPayload('안녕하세요') as Record<string, any>;
    payload.newTopLevel = { anything: [1, 2] };
    payload.userRequest.somethingNew = true;
    payload.userRequest.user.properties.appUserStatus = 'REGISTERED';
    payload.action.clientExtra = { checkIn: 'abc' };
    const parsed = parseSkillRequest(payload);
    if (!parsed.ok) throw new Error(parsed.problems.join('; '));
    expect(parsed.request.clientExtra).toEqual({ checkIn: 'abc' });
  });

  it('falls back on known fields of the wrong type', () => {
    const payload = skillPayload('x') as Record<string, any>;
    payload.userRequest.lang = 7;
    payload.userRequest.block = 'not an object';
    payload.action = 'broken';
    const parsed = parseSkillRequest(payload);
    if (!parsed.ok) throw new Error(parsed.problems.join('; '));
    expect(parsed.request.lang).toBeNull();
    expect(parsed.request.blockId).toBeNull();
    expect(parsed.request.actionParams).toEqual({});
  });

  it('treats a missing utterance as empty', () => {
    const payload = skillPayload('x') as Record<string, any>;
    delete payload.userRequest.utterance;
    const parsed = parseSkillRequest(payload);
    expect(parsed.ok && parsed.request.utterance).toBe('');
  });

  it('rejects a request without a user id', () => {
    const payload = skillPayload('x') as Record<string, any>;
    delete payload.userRequest.user.id;
    const parsed = parseSkillRequest(payload);
    expect(parsed.ok).toBe(false);
  });

  it.each([null, 'text', 42, []])('rejects a body of %j', (body) => {
    expect(parseSkillRequest(body).ok).toBe(false);
  });
});

describe('skill response validator', () => {
  const text = (value: string) => ({ simpleText: { text: value } });
  const reply = (outputs: unknown[], quickReplies?: unknown[]) => ({
    version: '2.0',
    template: { outputs, ...(quickReplies ? { quickReplies } : {}) },
  });
  const quick = (label: string) => ({ label, action: 'message', messageText: label });
  const phone = (label: string) => ({ label, action: 'phone', phoneNumber: '+82232100404' });

  function problemsOf(value: unknown): string[] {
    const result = validateSkillResponse(value);
    return result.ok ? [] : result.problems;
  }

  it('accepts a text with ten quick replies', () => {
    const replies = Array.from({ length: 10 }, (_, index) => quick(`메뉴${index}`));
    expect(problemsOf(reply([text('안녕하세요')], replies))).toEqual([]);
  });

  it('rejects a missing version', () => {
    expect(problemsOf({ template: { outputs: [text('a')] } })[0]).toContain('version');
  });

  it('rejects zero and four outputs', () => {
    expect(problemsOf(reply([]))[0]).toContain('expected 1 to 3 outputs, got 0');
    expect(problemsOf(reply([text('a'), text('b'), text('c'), text('d')]))[0]).toContain('got 4');
  });

  it('rejects a text of 1,001 characters and accepts 1,000', () => {
    expect(problemsOf(reply([text('가'.repeat(kakaoLimits.simpleText))]))).toEqual([]);
    expect(problemsOf(reply([text('가'.repeat(1001))]))[0]).toContain(
      '1001 characters, expected at most 1000',
    );
  });

  it('rejects an empty text', () => {
    expect(problemsOf(reply([text('')]))[0]).toContain('required');
  });

  it('rejects eleven quick replies', () => {
    const replies = Array.from({ length: 11 }, (_, index) => quick(`q${index}`));
    expect(problemsOf(reply([text('a')], replies))[0]).toContain('at most 10, got 11');
  });

  it('rejects a quick reply label of 15 characters', () => {
    expect(problemsOf(reply([text('a')], [quick('가'.repeat(15))]))[0]).toContain(
      '15 characters, expected at most 14',
    );
  });

  it('rejects a block quick reply without a block id', () => {
    const problems = problemsOf(reply([text('a')], [{ label: 'x', action: 'block' }]));
    expect(problems[0]).toContain('blockId');
  });

  it('rejects four vertical buttons and three horizontal ones', () => {
    const card = (buttons: unknown[], layout?: string) => ({
      textCard: { title: 't', description: 'd', buttons, buttonLayout: layout },
    });
    const four = [phone('a'), phone('b'), phone('c'), phone('d')];
    expect(problemsOf(reply([card(four)]))[0]).toContain('at most 3 buttons, got 4');
    const three = [phone('a'), phone('b'), phone('c')];
    expect(problemsOf(reply([card(three, 'horizontal')]))[0]).toContain('at most 2 buttons');
  });

  it('limits side-by-side button labels to 8 characters', () => {
    const card = {
      textCard: {
        title: 't',
        buttons: [phone('123456789'), phone('b')],
        buttonLayout: 'horizontal',
      },
    };
    expect(problemsOf(reply([card]))[0]).toContain('9 characters, expected at most 8');
  });

  it('rejects a text card over 400 characters with its title', () => {
    const card = { textCard: { title: '가'.repeat(50), description: '나'.repeat(351) } };
    expect(problemsOf(reply([card]))[0]).toContain('401 characters, expected at most 400');
  });

  it('rejects a phone button without a number', () => {
    const card = { textCard: { title: 't', buttons: [{ label: '전화', action: 'phone' }] } };
    expect(problemsOf(reply([card]))[0]).toContain('phoneNumber');
  });

  it('rejects an unknown component and a component with two kinds', () => {
    expect(problemsOf(reply([{ fancyCard: {} }]))[0]).toContain('expected exactly one of');
    expect(problemsOf(reply([{ ...text('a'), textCard: { title: 'b' } }]))[0]).toContain(
      'expected exactly one of',
    );
  });

  it('rejects a carousel of eleven cards', () => {
    const items = Array.from({ length: 11 }, (_, index) => ({ title: `카드 ${index}` }));
    const problems = problemsOf(reply([{ carousel: { type: 'textCard', items } }]));
    expect(problems[0]).toContain('expected 1 to 10 cards, got 11');
  });

  it('rejects a context parameter that is not a string', () => {
    const value = {
      ...reply([text('a')]),
      context: { values: [{ name: 'c', lifeSpan: 1, params: { n: 3 } }] },
    };
    expect(problemsOf(value)[0]).toContain('params.n: expected a string');
  });

  it('drops the template of a callback acknowledgement', () => {
    const result = validateSkillResponse({ ...reply([text('a')]), useCallback: true });
    expect(result.ok && result.response.template).toBeUndefined();
  });
});
