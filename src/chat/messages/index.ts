import type { ChatLanguage } from '../chat.tables.js';
import { en } from './en.js';
import { ko, type Messages } from './ko.js';

export type { Messages } from './ko.js';

export function messagesFor(language: ChatLanguage): Messages {
  return language === 'en' ? en : ko;
}
