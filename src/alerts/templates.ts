/**
 * AlimTalk-style alert templates: fixed Korean wording with `#{name}` variables, one per hazard
 * kind, plus the all-clear and the check-in reminder. Kakao approves a template's wording once;
 * afterwards only the variables change, so the wording here must match the approved template
 * exactly. A change of wording is a new template version with a new code.
 */

export type TemplateKind =
  | 'earthquake'
  | 'tsunami'
  | 'tropical-cyclone'
  | 'flood'
  | 'wildfire'
  | 'winter-storm'
  | 'storm'
  | 'volcano'
  | 'attack'
  | 'unrest'
  | 'general'
  | 'all-clear'
  | 'reminder';

export interface TemplateButton {
  /** NHN button type; WL is a web link whose mobile URL may hold variables. */
  type: 'WL';
  name: string;
  linkMo: string;
  /** Check-in answer the button carries, for chat channels that pass `chatExtra` on. */
  answer?: 'safe' | 'need-help';
}

export interface AlertTemplate {
  /** Template code registered with the provider, at most 20 characters. */
  code: string;
  version: number;
  kind: TemplateKind;
  /** Hazard name as the body and the SMS text use it. */
  hazardName: string;
  body: string;
  buttons: TemplateButton[];
  /** SMS/LMS text: the same variables plus `#{link}`. */
  sms: string;
  /** Shortest SMS form, for numbers outside Korea where only a 90-byte SMS is possible. */
  smsShort: string;
}

/** Variables every template uses; `link` only appears in button URLs and SMS text. */
export const templateVariables = ['area', 'localTime', 'emergencyPhone', 'link'] as const;

export type TemplateVariable = (typeof templateVariables)[number];

export type TemplateValues = Record<TemplateVariable, string>;

const checkInButtons: TemplateButton[] = [
  { type: 'WL', name: '안전합니다', linkMo: '#{link}?answer=safe', answer: 'safe' },
  {
    type: 'WL',
    name: '도움이 필요합니다',
    linkMo: '#{link}?answer=need-help',
    answer: 'need-help',
  },
];

const closing =
  '\n\n아래 버튼으로 안전 여부를 알려 주십시오.\n' +
  '긴급 연락처(재외공관): #{emergencyPhone}\n' +
  '영사콜센터(24시간): +82-2-3210-0404';

function hazardTemplate(
  kind: TemplateKind,
  code: string,
  hazardName: string,
  advice: string,
): AlertTemplate {
  return {
    code,
    version: 1,
    kind,
    hazardName,
    body:
      `[외교부 안전 알림] ${hazardName}\n\n` +
      `#{area} 일대에 ${hazardName} 관련 위험이 있습니다(현지 시각 #{localTime}).\n` +
      advice +
      closing,
    buttons: checkInButtons,
    sms: `[외교부] #{area} ${hazardName}. ${advice} 안전 여부 응답: #{link} 긴급연락 #{emergencyPhone}`,
    smsShort: `[외교부]${hazardName} 안부응답 #{link}`,
  };
}

const templates: AlertTemplate[] = [
  hazardTemplate(
    'earthquake',
    'ABR_QUAKE_V1',
    '지진',
    '여진과 건물 붕괴, 해일에 대비해 튼튼한 건물 밖 넓은 곳이나 높은 곳으로 대피하십시오.',
  ),
  hazardTemplate(
    'tsunami',
    'ABR_TSUNAMI_V1',
    '해일',
    '해안에서 즉시 벗어나 높은 곳으로 대피하고 현지 당국의 해제 발표 전까지 돌아가지 마십시오.',
  ),
  hazardTemplate(
    'tropical-cyclone',
    'ABR_CYCLONE_V1',
    '태풍',
    '외출을 삼가고 창문에서 떨어진 실내에 머무르며 현지 당국의 대피 안내를 따르십시오.',
  ),
  hazardTemplate(
    'flood',
    'ABR_FLOOD_V1',
    '홍수',
    '하천과 저지대를 피하고 침수된 도로로 이동하지 말며 높은 곳으로 대피하십시오.',
  ),
  hazardTemplate(
    'wildfire',
    'ABR_FIRE_V1',
    '산불',
    '연기와 불길을 피해 현지 당국이 안내하는 방향으로 즉시 대피하십시오.',
  ),
  hazardTemplate(
    'winter-storm',
    'ABR_WINTER_V1',
    '폭설·한파',
    '이동을 삼가고 실내에 머무르며 난방과 비상 식량을 확인하십시오.',
  ),
  hazardTemplate(
    'storm',
    'ABR_STORM_V1',
    '폭풍',
    '외출을 삼가고 튼튼한 건물 안에 머무르며 현지 당국의 안내를 따르십시오.',
  ),
  hazardTemplate(
    'volcano',
    'ABR_VOLCANO_V1',
    '화산',
    '분화구 주변 출입을 삼가고 화산재를 피해 실내에 머무르며 대피 안내를 따르십시오.',
  ),
  hazardTemplate(
    'attack',
    'ABR_ATTACK_V1',
    '테러·공격',
    '현장과 인파가 많은 곳을 피해 안전한 실내로 이동하고 현지 당국의 안내를 따르십시오.',
  ),
  hazardTemplate(
    'unrest',
    'ABR_UNREST_V1',
    '시위·소요',
    '시위 현장과 인파가 많은 곳을 피하고 불필요한 외출을 삼가십시오.',
  ),
  hazardTemplate(
    'general',
    'ABR_HAZARD_V1',
    '재난',
    '현지 당국의 안내를 따르고 안전한 곳에 머무르십시오.',
  ),
  {
    code: 'ABR_ALLCLEAR_V1',
    version: 1,
    kind: 'all-clear',
    hazardName: '경보 해제',
    body:
      '[외교부 안전 알림] 경보 해제\n\n' +
      '#{area} 일대에 발령된 안전 알림이 해제되었습니다(현지 시각 #{localTime}).\n' +
      '계속 현지 당국의 안내를 확인하십시오.\n\n' +
      '긴급 연락처(재외공관): #{emergencyPhone}\n' +
      '영사콜센터(24시간): +82-2-3210-0404',
    buttons: [],
    sms: '[외교부] #{area} 일대 안전 알림이 해제되었습니다. 긴급연락 #{emergencyPhone}',
    smsShort: '[외교부] 안전 알림 해제',
  },
  {
    code: 'ABR_REMIND_V1',
    version: 1,
    kind: 'reminder',
    hazardName: '안부 확인',
    body:
      '[외교부 안전 알림] 안부 확인\n\n' +
      '#{area} 일대 안전 알림에 아직 응답하지 않으셨습니다(현지 시각 #{localTime}).\n' +
      '아래 버튼으로 안전 여부를 알려 주십시오.\n\n' +
      '긴급 연락처(재외공관): #{emergencyPhone}\n' +
      '영사콜센터(24시간): +82-2-3210-0404',
    buttons: checkInButtons,
    sms: '[외교부] #{area} 안전 알림에 응답해 주십시오: #{link}',
    smsShort: '[외교부]안부응답 #{link}',
  },
];

const keywords: [TemplateKind, RegExp][] = [
  ['tsunami', /tsunami|해일|津波/i],
  ['earthquake', /quake|seism|지진|地震/i],
  ['tropical-cyclone', /cyclone|hurricane|typhoon|tropical|태풍/i],
  ['volcano', /volcan|eruption|ash|화산/i],
  ['wildfire', /fire|산불/i],
  ['flood', /flood|홍수|inundation|rain|surge/i],
  ['winter-storm', /blizzard|snow|ice|winter|freez|cold|한파|폭설/i],
  ['attack', /attack|terror|shoot|explos|bomb|hostage|테러/i],
  ['unrest', /unrest|riot|protest|demonstrat|coup|시위/i],
  ['storm', /storm|wind|tornado|thunder|폭풍/i],
];

/** Picks the template kind from the hazard type and the feed's event name. */
export function templateKindFor(hazardType: string, eventName = ''): TemplateKind {
  const text = `${hazardType} ${eventName}`;
  return keywords.find(([, pattern]) => pattern.test(text))?.[0] ?? 'general';
}

export function templateFor(kind: TemplateKind): AlertTemplate {
  return templates.find((template) => template.kind === kind)!;
}

export function templateByCode(code: string): AlertTemplate | undefined {
  return templates.find((template) => template.code === code);
}

export function listTemplates(): readonly AlertTemplate[] {
  return templates;
}

/** Replaces every `#{name}` by its value; an unknown name is left as written. */
export function substitute(text: string, values: Partial<Record<string, string>>): string {
  return text.replace(/#\{(\w+)\}/g, (whole, name: string) => values[name] ?? whole);
}
