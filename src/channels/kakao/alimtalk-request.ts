import type { ChannelMessage } from '../channel.js';
import type { AlimtalkRecipient } from './alimtalk-nhn.js';

/** Recipient entries of the NHN AlimTalk v2.3 template send, and the limits they must keep. */

// Limits of the v2.3 send request; a request past them is rejected as a whole. The body limit
// is 1,300 characters since 2025-10-28 (1,000 before), counted after variable substitution.
const maxTemplateCodeLength = 20;
const maxRecipientNoLength = 15;
const maxGroupingKeyLength = 100;
const maxParameterLength = 1300;
const maxBodyLength = 1300;
const maxButtons = 5;

/** Builds the one recipient entry of a send, keyed by the deliveryId for result queries. */
export function buildRecipient(message: ChannelMessage, recipientNo: string): AlimtalkRecipient {
  const recipient: AlimtalkRecipient = {
    recipientNo,
    templateParameter: message.variables,
    // The dispatcher sends its own SMS when AlimTalk fails; NHN's fallback would send a second.
    resendParameter: { isResend: false },
    recipientGroupingKey: message.deliveryId,
  };

  // The template owns its buttons; a request only adds runtime data, matched by ordering.
  const buttons = message.buttons
    .map((button, index) => ({
      ordering: index + 1,
      chatExtra: button.chatExtra,
      chatEvent: button.chatEvent,
      telNumber: button.telNumber,
    }))
    .filter((button) => button.chatExtra ?? button.chatEvent ?? button.telNumber);
  if (buttons.length > 0) recipient.buttons = buttons;
  return recipient;
}

/** Lists every limit the message breaks, so one rejection names all of them. */
export function findLimitProblems(message: ChannelMessage, recipientNo: string): string[] {
  const problems: string[] = [];
  const check = (ok: boolean, problem: string) => {
    if (!ok) problems.push(problem);
  };

  check(
    message.templateCode.length > 0 && message.templateCode.length <= maxTemplateCodeLength,
    `templateCode must have 1 to ${maxTemplateCodeLength} characters, got ${message.templateCode.length}`,
  );
  check(
    recipientNo.length <= maxRecipientNoLength,
    `recipientNo allows ${maxRecipientNoLength} digits, got ${recipientNo.length}`,
  );
  check(
    message.deliveryId.length <= maxGroupingKeyLength,
    `deliveryId is the recipientGroupingKey and allows ${maxGroupingKeyLength} characters, got ${message.deliveryId.length}`,
  );
  check(
    message.text.length <= maxBodyLength,
    `the rendered text allows ${maxBodyLength} characters, got ${message.text.length}; shorten the variables`,
  );
  check(
    message.buttons.length <= maxButtons,
    `at most ${maxButtons} buttons, got ${message.buttons.length}`,
  );
  for (const [key, value] of Object.entries(message.variables)) {
    check(
      !/[#{}@]/.test(key),
      `template variable "${key}" must be the bare name without #{}, and without @`,
    );
    check(
      key.length <= maxParameterLength && value.length <= maxParameterLength,
      `template variable "${key}" and its value allow ${maxParameterLength} characters each`,
    );
  }
  return problems;
}
