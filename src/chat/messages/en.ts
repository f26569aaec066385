import { callCenter } from '../reply.js';
import type { Messages } from './ko.js';

const cc = callCenter.display;

/** The bot's English texts; the same keys as the Korean ones. */
export const en: Messages = {
  menu: {
    incident: 'Report problem',
    interpreter: 'Interpreter',
    remittance: 'Emergency cash',
    safety: 'Travel safety',
    stay: 'Register stay',
    settings: 'Alert settings',
    agent: 'Talk to agent',
    otherLanguage: '한국어',
    home: 'Main menu',
    cancel: 'Cancel',
  },
  welcome:
    'Hello, this is the Consular Call Center of the Ministry of Foreign Affairs, open 24 hours.\nPick a menu or type your question.',
  menuPrompt: 'How can we help? Pick a menu below or type your question.',
  unknown: 'Sorry, we did not understand the question. Tap "Talk to agent" to reach a person.',
  cancelled: 'The report in progress was cancelled.',
  languageSwitched: 'We will continue in English.',
  rateLimited: 'Messages are arriving too fast. Please send again in a moment.',
  failure: `A temporary error kept us from answering. Try again shortly, or call the Consular Call Center (${cc}) if it is urgent.`,
  slow: `The answer is taking longer than usual. Please send again shortly, or call ${cc} if it is urgent.`,
  emergency: (caseRef: string | null) =>
    `We logged this as an emergency${caseRef ? ` (reference ${caseRef})` : ''} and are connecting you to an agent now.\n` +
    `If you are in danger, call the local police or ambulance first, then the Consular Call Center ${cc} (24 hours).\n` +
    'When you are safe, write your location and situation here.',
  emergencyCard: {
    title: 'Consular Call Center 24h',
    description: `From abroad: ${cc}\nIn Korea: 02-3210-0404`,
    callLabel: 'Call center',
  },
  handoff: {
    queued: (caseRef: string | null) =>
      'We asked for an agent. You will be connected in turn; please wait a moment.' +
      (caseRef ? ` (reference ${caseRef})` : '') +
      `\nIf it is urgent, call ${cc}.`,
    stillWaiting:
      'You are waiting for an agent. Your messages will be passed on. Tap "Cancel" to withdraw the request.',
    withdrawn: 'Your request for an agent was withdrawn.',
    closed:
      'The conversation with the agent has ended. Thank you. Tap a menu if you need anything else.',
    agentPrefix: '[Agent] ',
    relayed: '(passed on to your agent)',
  },
  incident: {
    askType: 'What happened? Pick one below or type it.',
    types: {
      theft: 'Theft/robbery',
      loss: 'Lost item',
      assault: 'Assault/injury',
      accident: 'Traffic crash',
      arrest: 'Arrested',
      missing: 'Missing person',
      other: 'Other',
    },
    askPlace: 'Where did it happen? Country, city and, if you know, the place.',
    askWhat: 'Describe what happened (when, who, how).',
    askContact:
      'Which phone number can we call (e.g. +66 81 234 5678)? Tap "This chat only" to be reached here only.',
    chatOnly: 'This chat only',
    badPhone: 'We could not read that number. Include the country code, or tap "This chat only".',
    done: (caseRef: string) =>
      `Your report is logged (reference ${caseRef}). Staff will review it and contact you.\n` +
      `Tap "Talk to agent" to talk to a person now, or call ${cc} if it is urgent.`,
  },
  interpreter: {
    intro:
      'The call center interprets by 3-way phone call, 24 hours, in English, Chinese, Japanese, Vietnamese, French, Russian and Spanish. Which language do you need?',
    languages: {
      en: 'English',
      zh: 'Chinese',
      ja: 'Japanese',
      vi: 'Vietnamese',
      fr: 'French',
      ru: 'Russian',
      es: 'Spanish',
    },
    scope:
      'Covered: police (arrest, detention, theft, loss, missing person, assault), immigration, airports and transport, hospitals, lodging disputes.\n' +
      'Not covered: private or long-running disputes, legal or specialist interpreting, translating documents or sentences, interpreting with foreigners inside Korea, illegal matters, abuse or harassment, or a local party who is not with you.',
    askSituation: 'What is the situation?',
    situations: {
      police: 'Police',
      immigration: 'Immigration',
      transport: 'Transport',
      hospital: 'Hospital',
      lodging: 'Lodging',
      other: 'Other',
    },
    askPresent:
      'Is the person you need to talk to (police officer, doctor...) with you now? A 3-way call needs them beside you.',
    yes: 'Yes, with me',
    no: 'No',
    notPresent:
      'Without the other party beside you a 3-way call is not possible. Ask again when you are with them, or tell an agent if it is urgent.',
    askPhone:
      'Which phone number should the interpreter call? Include the country code (e.g. +33 6 12 34 56 78).',
    badPhone: 'We could not read that number. Include the country code and try again.',
    done: (language: string, ref: string) =>
      `${language} interpreting requested (reference ${ref}). An interpreter will call you shortly.\n` +
      `If you cannot wait, call ${cc} and ask for an interpreter.`,
  },
  remittance: {
    rules:
      'Rapid overseas remittance helps in an emergency: cash or cards lost or stolen, a sudden accident or illness, an unavoidable extension of the trip, or a natural disaster.\n' +
      '- Family or friends in Korea deposit won into a ministry account (Woori, NongHyup or Suhyup bank); the mission pays you in local currency or US dollars.\n' +
      '- Once per case, up to the equivalent of USD 3,000 (a mission may pay less). A fee applies.\n' +
      '- You apply and collect in person at the mission during office hours.\n' +
      '- Not for illegal or commercial purposes or regular transfers.',
    start: 'Start applying',
    askReason: 'What happened?',
    reasons: {
      lost: 'Lost/stolen',
      accident: 'Illness/injury',
      extension: 'Trip extended',
      disaster: 'Disaster',
      other: 'Other',
    },
    askPlace: 'Which country and city are you in?',
    askAmount: 'How much do you need, in US dollars? At most 3,000.',
    badAmount: 'Write the amount as a number from 1 to 3000 (e.g. 1500).',
    askFamily:
      'Phone number of the family member or friend in Korea who will deposit (e.g. 010-1234-5678).',
    badPhone: 'We could not read that number. Please write it again.',
    done: (caseRef: string) =>
      `Your remittance application is logged (reference ${caseRef}).\n` +
      'Next: 1) the mission reviews it and contacts you 2) your family calls the call center 3) they deposit into the account given 4) you collect at the mission.\n' +
      `Questions: ${cc}`,
  },
  safety: {
    askCountry: 'Which country? Type its name (e.g. Thailand, Japan).',
    myStay: 'My stay',
    unknownCountry: (input: string) =>
      `We found no country named "${input}". Please type the country name again (e.g. Vietnam).`,
  },
  advisory: {
    levelNames: {
      1: 'Level 1 Travel Caution',
      2: 'Level 2 Refrain from Travel',
      3: 'Level 3 Recommendation to Depart',
      4: 'Level 4 Travel Ban',
    },
    special: 'Special Travel Advisory',
    header: (country: string) => `[Travel advisory: ${country}]`,
    none: 'No travel advisory is in force.',
    notInSnapshot:
      'Our stored data has no advisory record for this country. Please check 0404.go.kr.',
    wholeCountry: 'whole country',
    asOf: (date: string) => `As of ${date}`,
    source: 'Source: MOFA overseas safety travel (0404.go.kr)',
    notices: 'Recent safety notices',
    mission: (name: string) => `[Mission] ${name}`,
    address: 'Address',
    phone: 'Phone',
    emergencyPhone: 'Emergency',
    noMission: `We found no mission for this country. Please call ${cc}.`,
    callMission: 'Call mission',
    callCenter: 'Call center',
  },
  stay: {
    askCountry: 'Which country will you stay in (e.g. Thailand)?',
    askCity: 'Which city (e.g. Bangkok)?',
    pickCity: 'There are several places with that name. Pick one below.',
    unknownCity: (input: string) =>
      `We could not find "${input}". Please type the city name again.`,
    askStart: 'First day of the stay (e.g. 2026-12-10)? Type "today" for today.',
    askEnd: 'Last day of the stay (e.g. 2026-12-20)?',
    badDate: 'We could not read that date. Write it like 2026-12-10.',
    endBeforeStart: 'The last day is before the first. Please give the last day again.',
    tooLong:
      'A stay can be registered for at most one year at a time. Please give the last day again.',
    askPhone:
      'Mobile number for safety alerts (e.g. +82 10 1234 5678)? Tap "Skip" to get them in this chat only.',
    skip: 'Skip',
    badPhone: 'We could not read that number. Write it again or tap "Skip".',
    consent:
      '[Consent to collect and use personal data]\nPurpose: safety alerts and check-ins when a disaster or incident happens\nData: country, city and dates of stay, contact (KakaoTalk user key, mobile number)\nKept until a set period after the stay ends, then erased\nYou may decline; then the stay is not registered and no alerts are sent.',
    agree: 'I agree',
    disagree: 'I decline',
    declined: 'You declined, so no stay was registered.',
    done: (place: string, start: string, end: string) =>
      `Stay registered: ${place}, ${start} to ${end}.\nWe will alert you if a disaster or incident hits this area. Tap "Alert settings" to change or stop.`,
  },
  settings: {
    none: 'No stay is registered. Tap "Register stay" to add one.',
    list: 'Your registered stays:',
    endStay: 'End a stay',
    stopAll: 'Stop alerts',
    addStay: 'Add a stay',
    pickStay: 'Which stay should end?',
    ended: (place: string) => `The stay in ${place} has ended; no more alerts for it.`,
    stopped:
      'All stays ended and alerts stopped. Contact details are erased after the retention period.',
  },
  checkIn: {
    safe: 'I am safe',
    needHelp: 'I need help',
    safeThanks: 'Glad you are safe. Your answer is recorded. Tell us any time if things change.',
    helpQueued: `Your answer is recorded and an agent is being connected. In danger, call local emergency services and ${cc}.`,
  },
};
