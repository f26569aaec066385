import { describe, expect, it } from 'vitest';
import {
  renderSkillResponse,
  renderValidSkillResponse,
} from '../../src/channels/kakao/skill-render.js';
import { validateSkillResponse } from '../../src/channels/kakao/skill-response.js';
import type { ChatMessage } from '../../src/chat/index.js';
import type { ChatReply } from '../../src/chat/reply.js';

function expectValid(value: unknown) {
  const checked = validateSkillResponse(value);
  expect(checked.ok ? [] : checked.problems).toEqual([]);
}

const agentMessage = (text: string, author: ChatMessage['author'] = 'agent'): ChatMessage => ({
  id: `m-${text.length}`,
  conversationId: 'c',
  author,
  agentId: 'a',
  text,
  payload: null,
  createdAt: '2026-12-04T00:00:00.000Z',
  deliveredAt: null,
});

describe('skill response renderer', () => {
  it('splits a 2,500-character text into bubbles of at most 1,000', () => {
    const response = renderSkillResponse({ texts: ['가나다라 '.repeat(500)], options: [] });
    expectValid(response);
    expect(response.template!.outputs).toHaveLength(3);
  });

  it('merges five texts and a card into three outputs', () => {
    const reply: ChatReply = {
      texts: ['one', 'two', 'three', 'four', 'five'],
      options: [],
      card: { title: 'card', description: 'body', buttons: [] },
    };
    const response = renderSkillResponse(reply);
    expectValid(response);
    const outputs = response.template!.outputs as any[];
    expect(outputs).toHaveLength(3);
    expect(outputs[1].simpleText.text).toBe('two\n\nthree\n\nfour\n\nfive');
    expect(outputs[2].textCard.title).toBe('card');
  });

  it('keeps ten of twelve options and shortens long labels', () => {
    const options = Array.from({ length: 12 }, (_, index) => ({
      label: `아주 긴 빠른 답장 이름 번호 ${index}`,
      text: `choice ${index}`,
    }));
    const response = renderSkillResponse({ texts: ['pick'], options });
    expectValid(response);
    const quick = response.template!.quickReplies!;
    expect(quick).toHaveLength(10);
    expect(quick[0].label.length).toBeLessThanOrEqual(14);
    expect(quick[0].messageText).toBe('choice 0');
  });

  it('fits an oversized card and a fourth button', () => {
    const reply: ChatReply = {
      texts: [],
      options: [],
      card: {
        title: '제목'.repeat(40),
        description: '설명'.repeat(400),
        buttons: ['a', 'b', 'c', 'd'].map((label) => ({
          label,
          kind: 'phone',
          value: '+82232100404',
        })),
      },
    };
    expectValid(renderSkillResponse(reply));
  });

  it('puts agent messages first with their label', () => {
    const response = renderSkillResponse(
      { texts: ['bot text'], options: [] },
      [agentMessage('hello from a person'), agentMessage('closed', 'system')],
      '[상담원] ',
    );
    const outputs = response.template!.outputs as any[];
    expect(outputs[0].simpleText.text).toBe('[상담원] hello from a person');
    expect(outputs[1].simpleText.text).toBe('closed');
  });

  it('renders a silent turn as a receipt only', () => {
    const silent = { texts: ['not shown'], options: [{ label: 'x', text: 'x' }], silent: true };
    const receipt = renderSkillResponse(silent, [], '', '(상담원에게 전달됨)');
    expectValid(receipt);
    expect(receipt.template!.outputs).toEqual([{ simpleText: { text: '(상담원에게 전달됨)' } }]);
    expect(receipt.template!.quickReplies).toBeUndefined();
    const dataOnly = renderSkillResponse(silent);
    expectValid(dataOnly);
    expect(dataOnly.template).toBeUndefined();
  });

  it('throws on a reply the renderer cannot fit', () => {
    const reply: ChatReply = {
      texts: ['x'],
      options: [],
      card: {
        title: 't',
        description: 'd',
        buttons: [{ label: '전화', kind: 'phone', value: 'not-a-number' }],
      },
    };
    expect(() => renderValidSkillResponse(reply)).toThrow(/phoneNumber/);
  });
});
