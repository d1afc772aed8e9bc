/** The scanning tokeniser against the regular expression it replaces, on texts of many scripts. */
import { describe, expect, it } from 'vitest';
import { wordTokens } from '../src/math/word-tokens.js';
import { createRandom } from '../src/math/random.js';

const byRegex = (text: string) => text.toLowerCase().match(/[\p{L}\p{M}]+|\p{N}+/gu) ?? [];

describe('word tokens', () => {
  it('by hand: letters and digits split, marks kept with letters, punctuation and spaces dropped', () => {
    expect(wordTokens("Don't STOP: abc123 déjà-vu, ٣٤ 2½")).toEqual(['don', 't', 'stop', 'abc', '123', 'déjà', 'vu', '٣٤', '2½']);
    expect(wordTokens('')).toEqual([]);
    expect(wordTokens('  ...  ')).toEqual([]);
  });

  it('equals the regular expression on real-looking texts of many scripts, astral code points and lone surrogates', () => {
    const samples = [
      '训练数据中有重复样本，模型在验证集上过拟合。',
      'Ελληνικά ΣΟΦΙΑ ΟΔΟΣ',
      'İstanbul IŞIK ǅemal ﬁnance',
      'e\u0301cole n\u0303 1\u0301',
      '𝐀𝐁𝐂 𠜎𠜱 😀👍🏽 text',
      'Zürich — 3,5 km; ₂H₂O ① Ⅻ',
      '\ud800 lone \udc00 surrogates',
      'नमस्ते दुनिया ١٢٣ עברית',
    ];
    for (const text of samples) expect(wordTokens(text)).toEqual(byRegex(text));
    // Random strings over a mixed alphabet.
    const random = createRandom(7);
    const alphabet = ['a', 'Z', '9', ' ', '-', 'é', '\u0301', '中', '٣', 'Σ', 'İ', '𝐀', '😀', '\ud800', '½', '_', 'ß'];
    for (let t = 0; t < 2000; t++) {
      let text = '';
      const length = random.int(30);
      for (let i = 0; i < length; i++) text += alphabet[random.int(alphabet.length)];
      expect(wordTokens(text)).toEqual(byRegex(text));
    }
  });
});
