/**
 * Repair of mis-decoded UTF-8 ("mojibake") in roadmap documents. Real roadmaps pasted through the
 * wrong tools contain `âœ…` for ✅ (the UTF-8 bytes read as Windows-1252) or `‚úÖ` (read as Mac
 * Roman). Both are reversible: every such character maps back to one byte, and the bytes decode as
 * UTF-8 again. Windows-1252 leaves five bytes undefined, which some tools drop; the few status marks
 * that lose a byte that way (❌ `âŒ`, the emoji variation selector `ï¸`) are mapped by a small table.
 *
 * Repair is positional: `repairLine` returns the repaired text and, for every repaired character,
 * the offset of its first character in the original, so that diagnostics and fixes point at the
 * bytes actually in the file.
 */

/** Windows-1252 characters of bytes 0x80-0x9F (undefined bytes decode to the C1 control of the same value). */
const CP1252_HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ';
/** Mac Roman characters of bytes 0x80-0xFF. */
const MAC_ROMAN_HIGH =
  'ÄÅÇÉÑÖÜáàâäãåçéèêëíìîïñóòôöõúùûü†°¢£§•¶ß®©™´¨≠ÆØ∞±≤≥¥µ∂∑∏π∫ªºΩæø¿¡¬√ƒ≈∆«»…\u00A0ÀÃÕŒœ–—“”‘’÷◊ÿŸ⁄€‹›ﬁﬂ‡·‚„‰ÂÊÁËÈÍÎÏÌÓÔ\uF8FFÒÚÛÙıˆ˜¯˘˙˚¸˝˛ˇ';

function byteTable(high: string, latin1Tail: boolean): Map<string, number> {
  const m = new Map<string, number>();
  if (latin1Tail) {
    for (let i = 0; i < 32; i++) m.set(high[i], 0x80 + i);
    for (let b = 0xa0; b <= 0xff; b++) m.set(String.fromCharCode(b), b);
  } else {
    for (let i = 0; i < 128; i++) m.set(high[i], 0x80 + i);
  }
  return m;
}

const CP1252 = byteTable(CP1252_HIGH, true);
const MAC_ROMAN = byteTable(MAC_ROMAN_HIGH, false);

/** Mis-decodings that lost a byte Windows-1252 leaves undefined, and so cannot be reversed byte by byte. */
const LOSSY: [string, string][] = [
  ['âŒ', '❌'], // E2 9D 8C with 0x9D dropped
  ['âŽ', '❎'], // E2 9D 8E
  ['ï¸', '\uFE0F'], // EF B8 8F with 0x8F dropped (emoji presentation selector)
  ['â³', '⏳'], // E2 8F B3
  ['â°', '⏰'], // E2 8F B0
  ['â¸', '⏸'], // E2 8F B8
];

/** Quick test: could this text contain mojibake at all? */
const SUSPECT = /[\u00C2-\u00F4\u00E2\u00F0\u201A\uF8FF]/;

/** Result of repairing a line: the text and, per character, its offset in the original line. */
export interface Repaired {
  text: string;
  /** `map[i]` is the offset in the original of repaired character `i`; `map[text.length]` is the original length. */
  map: number[];
}

function utf8Length(lead: number): number {
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

/** Tries to decode one UTF-8 sequence written in `table`'s characters at `s[i]`; returns the character and how many were used. */
function decodeAt(s: string, i: number, table: Map<string, number>): { ch: string; used: number } | undefined {
  const lead = table.get(s[i]);
  if (lead === undefined) return undefined;
  const n = utf8Length(lead);
  if (n === 0 || i + n > s.length) return undefined;
  let cp = lead & (n === 2 ? 0x1f : n === 3 ? 0x0f : 0x07);
  for (let k = 1; k < n; k++) {
    const b = table.get(s[i + k]);
    if (b === undefined || (b & 0xc0) !== 0x80) return undefined;
    cp = (cp << 6) | (b & 0x3f);
  }
  // Reject overlong forms, surrogates and out-of-range values.
  if ((n === 3 && cp < 0x800) || (n === 4 && (cp < 0x10000 || cp > 0x10ffff)) || (cp >= 0xd800 && cp <= 0xdfff)) return undefined;
  return { ch: String.fromCodePoint(cp), used: n };
}

/** Repairs one line (or any string); text without mojibake comes back unchanged with an identity map. */
export function repairLine(s: string): Repaired {
  const map: number[] = [];
  if (!SUSPECT.test(s)) {
    for (let i = 0; i <= s.length; i++) map.push(i);
    return { text: s, map };
  }
  let out = '';
  let i = 0;
  while (i < s.length) {
    const hit = decodeAt(s, i, CP1252) ?? decodeAt(s, i, MAC_ROMAN);
    if (hit) {
      for (let k = 0; k < hit.ch.length; k++) map.push(i);
      out += hit.ch;
      i += hit.used;
      continue;
    }
    const lossy = LOSSY.find(([bad]) => s.startsWith(bad, i));
    if (lossy) {
      for (let k = 0; k < lossy[1].length; k++) map.push(i);
      out += lossy[1];
      i += lossy[0].length;
      continue;
    }
    map.push(i);
    out += s[i];
    i++;
  }
  map.push(s.length);
  return { text: out, map };
}

/** Repairs a whole text (the positions are not kept). */
export function repairText(s: string): string {
  return s.split('\n').map((l) => repairLine(l).text).join('\n');
}

/** True when a string contains repairable mojibake. */
export function hasMojibake(s: string): boolean {
  return SUSPECT.test(s) && repairLine(s).text !== s;
}
