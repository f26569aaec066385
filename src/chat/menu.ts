import type { ChatLanguage } from './chat.tables.js';
import { en } from './messages/en.js';
import { ko, type Messages } from './messages/ko.js';
import { option, type QuickOption } from './reply.js';

export type MenuFlow = 'incident' | 'interpreter' | 'remittance' | 'safety' | 'stay' | 'settings';

export type Command =
  | { kind: 'flow'; flow: MenuFlow }
  | { kind: 'agent' }
  | { kind: 'language'; language: ChatLanguage }
  | { kind: 'home' }
  | { kind: 'cancel' }
  | { kind: 'check-in'; answer: 'safe' | 'need-help' };

/** Lower-cases and drops spaces and punctuation, so "사건·사고 접수" and "사건사고접수" match. */
export function normalizeCommand(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\s·.,!?~"'()[\]\-_/]+/g, '')
    .trim();
}

const synonyms: Array<[Command, string[]]> = [
  [
    { kind: 'flow', flow: 'incident' },
    ['사건사고', '사건사고접수', '사고접수', '사건접수', 'report'],
  ],
  [{ kind: 'flow', flow: 'interpreter' }, ['통역', '통역서비스', '통역요청', 'interpreting']],
  [{ kind: 'flow', flow: 'remittance' }, ['송금', '신속해외송금', '긴급송금', 'remittance']],
  [
    { kind: 'flow', flow: 'safety' },
    ['안전정보', '해외안전정보', '여행경보', 'advisory', 'safety'],
  ],
  [{ kind: 'flow', flow: 'stay' }, ['체류지등록', '체류등록', '체류지', 'registerstay']],
  [{ kind: 'flow', flow: 'settings' }, ['알림설정', '알림', 'settings', 'alertsettings']],
  [
    { kind: 'agent' },
    ['상담원', '상담원연결', '상담사', '상담사연결', 'agent', 'human', 'operator'],
  ],
  [{ kind: 'language', language: 'en' }, ['english', 'eng', 'inenglish', '영어로']],
  [{ kind: 'language', language: 'ko' }, ['한국어', '한국어로', 'korean']],
  [
    { kind: 'home' },
    ['처음', '처음으로', '메뉴', '홈', '시작', 'menu', 'mainmenu', 'home', 'start'],
  ],
  [{ kind: 'cancel' }, ['취소', '그만', 'cancel', 'stop', 'quit']],
  [
    { kind: 'check-in', answer: 'safe' },
    ['안전합니다', '안전해요', '무사합니다', 'imsafe', 'safe'],
  ],
  [
    { kind: 'check-in', answer: 'need-help' },
    ['도움이필요합니다', '도와주세요', 'ineedhelp', 'help'],
  ],
];

const commandByWord = buildCommandIndex();

function buildCommandIndex(): Map<string, Command> {
  const index = new Map<string, Command>();
  for (const [command, words] of synonyms) {
    for (const word of words) index.set(normalizeCommand(word), command);
  }
  for (const messages of [ko, en]) {
    const menu = messages.menu;
    const labels: Array<[string, Command]> = [
      [menu.incident, { kind: 'flow', flow: 'incident' }],
      [menu.interpreter, { kind: 'flow', flow: 'interpreter' }],
      [menu.remittance, { kind: 'flow', flow: 'remittance' }],
      [menu.safety, { kind: 'flow', flow: 'safety' }],
      [menu.stay, { kind: 'flow', flow: 'stay' }],
      [menu.settings, { kind: 'flow', flow: 'settings' }],
      [menu.agent, { kind: 'agent' }],
      [menu.home, { kind: 'home' }],
      [menu.cancel, { kind: 'cancel' }],
      [messages.checkIn.safe, { kind: 'check-in', answer: 'safe' }],
      [messages.checkIn.needHelp, { kind: 'check-in', answer: 'need-help' }],
    ];
    for (const [label, command] of labels) index.set(normalizeCommand(label), command);
  }
  return index;
}

/** Finds the command a message names: a menu label as tapped, or a short typed synonym. */
export function parseCommand(text: string): Command | undefined {
  const key = normalizeCommand(text);
  return key.length === 0 ? undefined : commandByWord.get(key);
}

export function mainMenu(messages: Messages): QuickOption[] {
  const menu = messages.menu;
  return [
    option(menu.incident),
    option(menu.interpreter),
    option(menu.remittance),
    option(menu.safety),
    option(menu.stay),
    option(menu.settings),
    option(menu.agent),
    option(menu.otherLanguage),
  ];
}

export function menuOption(messages: Messages, flow: MenuFlow | 'agent'): QuickOption {
  return option(messages.menu[flow]);
}

/** Options under an answer: the related menu, a person, and the main menu. */
export function followUp(messages: Messages, flow?: MenuFlow | 'agent'): QuickOption[] {
  const options = [option(messages.menu.agent), option(messages.menu.home)];
  if (flow && flow !== 'agent') options.unshift(menuOption(messages, flow));
  return options;
}

/** Options during a flow step: the given choices, then cancel. */
export function stepOptions(messages: Messages, choices: QuickOption[] = []): QuickOption[] {
  return [...choices.slice(0, 9), option(messages.menu.cancel)];
}
