import { chooseSmsType, measureEucKr } from '../channels/index.js';
import {
  substitute,
  templateVariables,
  type AlertTemplate,
  type TemplateButton,
  type TemplateValues,
} from './templates.js';

/**
 * Kakao rejects a send whose substituted variable differs from the template by more than 14
 * characters (error -1028 for new senders), so body variables are kept to 14 characters.
 */
export const maxVariableChars = 14;
export const maxBodyChars = 1000;
export const maxButtons = 5;
export const maxButtonNameChars = 14;
export const maxButtonUrlChars = 500;

export interface RenderedMessage {
  templateCode: string;
  text: string;
  buttons: { type: string; name: string; linkMo: string; chatExtra?: string }[];
  variables: Record<string, string>;
  smsText: string;
  smsTitle: string;
}

/**
 * Renders a template for one recipient. Numbers outside Korea take a 90-byte SMS only, so for
 * them (`international`) a longer SMS text is swapped for the template's short form. Measuring
 * EUC-KR bytes is costly, so it happens only when the message goes out as SMS (`forSms`).
 */
export function renderMessage(
  template: AlertTemplate,
  values: TemplateValues,
  alertId: string,
  smsTemplate: string,
  sms: { international: boolean; forSms: boolean },
): RenderedMessage {
  const text = substitute(template.body, values);
  const buttons = template.buttons.map((button) => renderButton(button, values, alertId));
  let smsText = substitute(smsTemplate, values);
  if (sms.forSms && sms.international && measureEucKr(smsText).bytes > 90) {
    smsText = substitute(template.smsShort, values);
  }
  return {
    templateCode: template.code,
    text,
    buttons,
    variables: { ...values },
    smsText,
    smsTitle: `[외교부] ${template.hazardName}`,
  };
}

function renderButton(button: TemplateButton, values: TemplateValues, alertId: string) {
  const rendered = {
    type: button.type,
    name: button.name,
    linkMo: substitute(button.linkMo, values),
  };
  if (!button.answer) return rendered;
  return { ...rendered, chatExtra: JSON.stringify({ checkIn: alertId, answer: button.answer }) };
}

/** Cuts a value to the variable limit, marking the cut with an ellipsis. */
export function fitVariable(value: string): string {
  const trimmed = value.trim().replace(/\s+/g, ' ');
  const chars = [...trimmed];
  if (chars.length <= maxVariableChars) return trimmed;
  return `${chars.slice(0, maxVariableChars - 1).join('')}…`;
}

/** Shortens a phone number to the variable limit by dropping spaces, then hyphens. */
export function fitPhone(phone: string): string {
  const compact = phone.replace(/\s+/g, '');
  return compact.length <= maxVariableChars ? compact : compact.replace(/-/g, '');
}

const timeFormats = new Map<string, Intl.DateTimeFormat>();

/** Formats an instant as local time in a time zone, like "1월 1일 16:10". */
export function formatLocalTime(instant: string, timeZone: string): string {
  let format = timeFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('ko-KR', {
      timeZone,
      month: 'long',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    timeFormats.set(timeZone, format);
  }
  return format.format(new Date(instant));
}

/**
 * Lists what would make the provider reject this message: variables over the limit, a body
 * over 1,000 characters, too many buttons or names too long, an SMS text EUC-KR cannot carry
 * or that is over its byte limit. The SMS text is checked only when `smsInternational` is
 * given (true for numbers outside Korea, which take 90-byte SMS only). Empty when it can go out.
 */
export function checkMessage(
  message: RenderedMessage,
  smsInternational: boolean | undefined,
): string[] {
  const problems: string[] = [];
  for (const name of templateVariables) {
    const value = message.variables[name] ?? '';
    if (name !== 'link' && [...value].length > maxVariableChars) {
      problems.push(
        `variable ${name} is ${[...value].length} characters, at most ${maxVariableChars} allowed; shorten ${JSON.stringify(value)}`,
      );
    }
  }
  if ([...message.text].length > maxBodyChars) {
    problems.push(`the body is ${[...message.text].length} characters, at most ${maxBodyChars}`);
  }
  if (message.buttons.length > maxButtons) {
    problems.push(`${message.buttons.length} buttons, at most ${maxButtons}`);
  }
  for (const button of message.buttons) {
    if ([...button.name].length > maxButtonNameChars) {
      problems.push(`button name ${JSON.stringify(button.name)} is over ${maxButtonNameChars}`);
    }
    if (button.linkMo.length > maxButtonUrlChars || !/^https?:\/\//.test(button.linkMo)) {
      problems.push(`button ${button.name} needs an http(s) URL of at most ${maxButtonUrlChars}`);
    }
  }
  if (smsInternational === undefined) return problems;
  const sms = chooseSmsType(message.smsText, smsInternational);
  if ('problem' in sms) problems.push(sms.problem);
  return problems;
}
