import { describe, expect, it } from 'vitest';
import { checkMessage, maxVariableChars, renderMessage } from '../../src/alerts/alert-message.js';
import { listTemplates, templateKindFor, type TemplateValues } from '../../src/alerts/templates.js';
import { measureEucKr } from '../../src/channels/index.js';

// Every variable at its limit, with Korean characters (2 EUC-KR bytes each).
const longest: TemplateValues = {
  area: '가'.repeat(maxVariableChars),
  localTime: '12월 31일 23:59',
  emergencyPhone: '+8223210040400'.slice(0, maxVariableChars),
  link: 'https://abroad.mofa.go.kr/c/AbCdEf12.AbCdEfGhIjKlMnOp',
};

describe('alert templates', () => {
  it('have provider-sized codes and unique kinds', () => {
    const templates = listTemplates();
    expect(new Set(templates.map((template) => template.kind)).size).toBe(templates.length);
    for (const template of templates) expect(template.code.length).toBeLessThanOrEqual(20);
  });

  it('fit Kakao limits with every variable at its longest', () => {
    for (const template of listTemplates()) {
      const message = renderMessage(template, longest, 'alert-1', template.sms, {
        international: false,
        forSms: true,
      });
      expect(checkMessage(message, false), template.code).toEqual([]);
      expect([...message.text].length).toBeLessThanOrEqual(1000);
      expect(message.text).not.toMatch(/#\{/);
    }
  });

  it('fall back to a 90-byte SMS for numbers outside Korea', () => {
    for (const template of listTemplates()) {
      const message = renderMessage(template, longest, 'alert-1', template.sms, {
        international: true,
        forSms: true,
      });
      expect(measureEucKr(message.smsText).bytes, template.code).toBeLessThanOrEqual(90);
      expect(checkMessage(message, true), template.code).toEqual([]);
    }
  });

  it('carry both check-in answers as buttons', () => {
    const quake = listTemplates().find((template) => template.kind === 'earthquake')!;
    const message = renderMessage(quake, longest, 'alert-1', quake.sms, {
      international: false,
      forSms: false,
    });
    expect(message.buttons.map((button) => button.name)).toEqual([
      '안전합니다',
      '도움이 필요합니다',
    ]);
    expect(JSON.parse(message.buttons[1].chatExtra!)).toEqual({
      checkIn: 'alert-1',
      answer: 'need-help',
    });
  });

  it('report a variable over the limit', () => {
    const quake = listTemplates().find((template) => template.kind === 'earthquake')!;
    const values = { ...longest, area: 'Noto Peninsula, Ishikawa Prefecture' };
    const message = renderMessage(quake, values, 'a', quake.sms, {
      international: false,
      forSms: false,
    });
    expect(checkMessage(message, undefined)).toEqual([
      expect.stringMatching(/variable area is 35 characters, at most 14/),
    ]);
  });
});

describe('templateKindFor', () => {
  it('maps hazard types and event names to templates', () => {
    expect(templateKindFor('earthquake')).toBe('earthquake');
    expect(templateKindFor('tsunami', 'Tsunami Warning')).toBe('tsunami');
    expect(templateKindFor('tropical-cyclone', 'Hurricane Warning')).toBe('tropical-cyclone');
    expect(templateKindFor('winter-weather', 'Blizzard Warning')).toBe('winter-storm');
    expect(templateKindFor('other', 'Terrorist attack')).toBe('attack');
    expect(templateKindFor('other', 'Civil unrest')).toBe('unrest');
    expect(templateKindFor('heat', 'Excessive Heat Warning')).toBe('general');
  });
});
