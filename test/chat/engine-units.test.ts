import { describe, expect, it } from 'vitest';
import { detectEmergency } from '../../src/chat/emergency.js';
import { checkInFromExtra } from '../../src/chat/flows/check-in.js';
import { locatePlace, parseDate, parsePhone } from '../../src/chat/flows/inputs.js';
import { parseUsd } from '../../src/chat/flows/remittance.js';
import { findAnswer, loadKnowledge } from '../../src/chat/knowledge.js';
import { parseCommand } from '../../src/chat/menu.js';

describe('emergency detection', () => {
  it.each([
    ['친구가 납치됐어요', 'kidnap'],
    ['남편이 경찰에 체포되었어요', 'arrest'],
    ['아이가 실종됐어요', 'missing'],
    ['동생과 연락이 안 돼요', 'missing'],
    ['길에서 폭행을 당했어요', 'assault'],
    ['성폭행을 당했습니다', 'sexual-violence'],
    ['호텔에 불이 났어요', 'fire'],
    ['지진이 났어요', 'disaster'],
    ['근처에서 폭발이 있었어요', 'terror'],
    ['아버지가 사망하셨습니다', 'death'],
    ['My son is missing', 'missing'],
    ['I was attacked on the street', 'assault'],
    ['there is a fire in the hotel', 'fire'],
    ['my friend was kidnapped', 'kidnap'],
  ])('flags %s as %s', (text, kind) => {
    expect(detectEmergency(text)).toBe(kind);
  });

  it.each([
    '여권을 잃어버렸어요',
    'my passport is missing',
    '송금하고 싶어요',
    'I missed my flight',
  ])('leaves %s to the bot', (text) => {
    expect(detectEmergency(text)).toBeUndefined();
  });
});

describe('knowledge base', () => {
  const entries = loadKnowledge();

  it.each([
    ['여권을 잃어버렸어요', 'lost-passport'],
    ['I lost my passport', 'lost-passport'],
    ['지갑을 도둑맞았어요, 돈이 없어요', 'lost-money'],
    ['소매치기를 당했어요', 'theft'],
    ['병원에 가야 해요', 'medical'],
    ['비행기를 놓쳤어요', 'missed-flight'],
    ['I missed my flight', 'missed-flight'],
    ['태풍이 온대요', 'natural-disaster'],
  ])('matches %s to %s', (text, id) => {
    expect(findAnswer(entries, text)?.id).toBe(id);
  });

  it('matches nothing for small talk', () => {
    expect(findAnswer(entries, '오늘 날씨 좋네요')).toBeUndefined();
  });
});

describe('chat inputs', () => {
  it('reads phone numbers in E.164', () => {
    expect(parsePhone('010-1234-5678')).toBe('+821012345678');
    expect(parsePhone('+66 81 234 5678')).toBe('+66812345678');
    expect(parsePhone('0066812345678')).toBe('+66812345678');
    expect(parsePhone('12345')).toBeUndefined();
  });

  it('reads dates in Korean and ISO forms', () => {
    expect(parseDate('2026-12-10', '2026-12-04')).toBe('2026-12-10');
    expect(parseDate('2026년 12월 10일', '2026-12-04')).toBe('2026-12-10');
    expect(parseDate('12월 10일', '2026-12-04')).toBe('2026-12-10');
    expect(parseDate('1/5', '2026-12-04')).toBe('2027-01-05');
    expect(parseDate('내일', '2026-12-31')).toBe('2027-01-01');
    expect(parseDate('2026-02-30', '2026-12-04')).toBeUndefined();
  });

  it('finds country and city in free text', () => {
    expect(locatePlace('태국 방콕').city?.id).toBe(1609350);
    expect(locatePlace('Bangkok, Thailand').country).toBe('TH');
    expect(locatePlace('일본')).toEqual({ country: 'JP' });
  });

  it('reads dollar amounts', () => {
    expect(parseUsd('1,500')).toBe(1500);
    expect(parseUsd('USD 2000')).toBe(2000);
    expect(parseUsd('1500달러')).toBe(1500);
    expect(parseUsd('많이')).toBeUndefined();
  });

  it('maps labels and synonyms to commands', () => {
    expect(parseCommand('사건·사고 접수')).toEqual({ kind: 'flow', flow: 'incident' });
    expect(parseCommand('사건사고 접수')).toEqual({ kind: 'flow', flow: 'incident' });
    expect(parseCommand('Talk to agent')).toEqual({ kind: 'agent' });
    expect(parseCommand('여권을 잃어버렸어요')).toBeUndefined();
  });

  it('reads the check-in an alert button carries', () => {
    expect(checkInFromExtra({ checkIn: 'alert-1', answer: 'safe' })).toEqual({
      alertId: 'alert-1',
      answer: 'safe',
    });
    expect(
      checkInFromExtra({ chatExtra: JSON.stringify({ checkIn: 'alert-2', answer: 'need-help' }) }),
    ).toEqual({ alertId: 'alert-2', answer: 'need-help' });
    expect(checkInFromExtra({ checkIn: 'alert-3', answer: 'maybe' })).toBeUndefined();
    expect(checkInFromExtra({ chatExtra: '{broken' })).toBeUndefined();
  });
});
