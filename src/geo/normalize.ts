/**
 * Letters that NFD does not split into a base letter and a combining mark, folded by hand so
 * that "Đà Lạt", "Ðà Lạt" and "Da Lat" meet on one key.
 */
const foldedLetters: Record<string, string> = {
  đ: 'd',
  ð: 'd',
  ø: 'o',
  æ: 'ae',
  œ: 'oe',
  ß: 'ss',
  ł: 'l',
  ı: 'i',
  þ: 'th',
  ħ: 'h',
};

const foldedPattern = new RegExp(`[${Object.keys(foldedLetters).join('')}]`, 'g');

/**
 * Normalises a place name into a lookup key: lower case, diacritics stripped (NFD, then
 * combining marks removed), and every space, hyphen, apostrophe or other punctuation dropped,
 * so "Ho Chi Minh", "Hồ Chí Minh", "ho-chi-minh" and "Xi'an"/"Xian" each give one key.
 * Hangul and CJK pass through; NFC is applied last so that precomposed syllables compare equal.
 */
export function normalizeName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(foldedPattern, (letter) => foldedLetters[letter] ?? letter)
    .replace(/[^\p{L}\p{N}]+/gu, '')
    .normalize('NFC');
}
