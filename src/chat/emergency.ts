/**
 * Detects free text that signals an emergency: arrest, kidnapping, death, a missing person,
 * assault, sexual violence, terror, fire or disaster. Such a message skips the bot and goes to
 * a person, so the patterns lean towards false alarms rather than misses.
 */
export type EmergencyKind =
  | 'arrest'
  | 'kidnap'
  | 'death'
  | 'missing'
  | 'assault'
  | 'sexual-violence'
  | 'terror'
  | 'fire'
  | 'disaster';

const patterns: Array<[EmergencyKind, RegExp]> = [
  [
    'sexual-violence',
    /성폭행|성폭력|성추행|강간|\brape[ds]?\b|sexual(ly)? (assault|violence|abuse)/i,
  ],
  ['kidnap', /납치|유괴|인질|감금|kidnap|abduct|hostage|taken by force/i],
  ['arrest', /체포|구금|구속|연행|억류|잡혀\s*갔|\barrest|\bdetain|\bin custody\b|\bjailed\b/i],
  ['death', /사망|숨졌|숨진|죽었|죽음|시신|\bdied\b|\bdead\b|\bdeath\b|\bkilled\b|\bbody of\b/i],
  [
    'missing',
    /실종|행방불명|연락\s*(이\s*)?(두절|끊|안\s*(돼|되|됨))|\bmissing (person|child|friend|son|daughter|husband|wife|father|mother|family)\b|\b(child|son|daughter|husband|wife|friend|father|mother) (is |went |has gone )?missing\b|can'?t find my (child|son|daughter|husband|wife|friend|father|mother)/i,
  ],
  [
    'assault',
    /폭행|폭력|맞았|구타|칼에|찔렸|총에|상해를|\bassault|\battacked\b|\bbeaten\b|\bstabbed\b|\bshot\b/i,
  ],
  ['terror', /테러|폭발|총격|총기\s*난사|\bterror|\bexplosion|\bbomb|\bshooting\b|\bgunfire\b/i],
  ['fire', /화재|불이\s*(났|나서)|불났|\bfire\b|\bon fire\b|\bburning\b/i],
  [
    'disaster',
    /지진|쓰나미|해일|홍수|태풍|허리케인|산사태|화산|재난|재해|\bearthquake|\btsunami|\bflood|\btyphoon|\bhurricane|\blandslide|\bvolcan|\bdisaster\b/i,
  ],
];

/** Returns the first kind of emergency the text signals, or undefined. */
export function detectEmergency(text: string): EmergencyKind | undefined {
  for (const [kind, pattern] of patterns) {
    if (pattern.test(text)) return kind;
  }
  return undefined;
}
