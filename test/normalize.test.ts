import { describe, expect, it } from 'vitest';
import { foldText, isWhitespaceCode, normalizedHash, normalizeText, streamSource } from '../src/math/normalize.js';

function hash(text: string, fold = false, seed = 42): [number, number, number] {
  const out = new Uint32Array(2);
  const length = normalizedHash(text, fold, seed, out);
  return [out[0], out[1], length];
}

describe('normalizeText / foldText', () => {
  it('trims, collapses whitespace runs and composes to NFC', () => {
    expect(normalizeText('  Hello \t\n  World  ')).toBe('Hello World');
    expect(normalizeText('Cafe\u0301\u00a0au\u3000lait')).toBe('Caf\u00e9 au lait');
    expect(normalizeText('\u2028\ufeff')).toBe('');
    expect(foldText('  ÉCOLE  Normale ')).toBe('école normale');
  });

  it('isWhitespaceCode matches /\\s/ on every UTF-16 code unit', () => {
    const mismatches: number[] = [];
    for (let c = 0; c <= 0xffff; c++) if (isWhitespaceCode(c) !== /\s/.test(String.fromCharCode(c))) mismatches.push(c);
    expect(mismatches).toEqual([]);
  });

  it('streamSource leaves ASCII alone and normalises the rest', () => {
    const ascii = 'Plain ASCII Text';
    expect(streamSource(ascii, true)).toBe(ascii);
    expect(streamSource('E\u0301T\u00c9', true)).toBe('\u00e9t\u00e9');
    expect(streamSource('E\u0301', false)).toBe('\u00c9');
  });
});

describe('normalizedHash', () => {
  it('is equal for texts with equal normalised form and returns its length', () => {
    const a = hash('Caf\u00e9  au lait ');
    const b = hash('\tCafe\u0301 au\u00a0lait');
    expect(a).toEqual(b);
    expect(a[2]).toBe('Café au lait'.length);
    expect(hash('   ')[2]).toBe(0);
    expect(hash('')[2]).toBe(0);
  });

  it('distinguishes case unless folding, and depends on the seed', () => {
    expect(hash('Hello World')).not.toEqual(hash('hello world'));
    expect(hash('Hello World', true)).toEqual(hash('hello world', true));
    expect(hash('Hello World', false, 1)).not.toEqual(hash('Hello World', false, 2));
  });

  it('agrees with hashing the normalised string on random texts', () => {
    let state = 7;
    const random = () => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0;
      return state / 4294967296;
    };
    const alphabet = ['a', 'B', 'c', ' ', '  ', '\t', '\n', '\u00a0', 'e\u0301', '\u00e9', 'Z', '\u3000', '1', 'İ', '😀'];
    for (let t = 0; t < 500; t++) {
      let text = '';
      const length = Math.floor(random() * 12);
      for (let i = 0; i < length; i++) text += alphabet[Math.floor(random() * alphabet.length)];
      expect(hash(text)).toEqual(hash(normalizeText(text)));
      expect(hash(text)[2]).toBe(normalizeText(text).length);
      expect(hash(text, true)).toEqual(hash(foldText(text), false));
    }
  });
});
