import { describe, expect, it } from 'vitest';
import { codeSpan, csvCell, escapeHtml, escapeMarkdown, neutralizeFormula, sanitizeInline, sanitizeText } from '../src/core/sanitize.js';

describe('untrusted text', () => {
  it('strips terminal control sequences and control characters', () => {
    expect(sanitizeText('ok\u001b[31mred\u001b[0m \u001b]0;title\u0007done\u0008')).toBe('okred done');
    expect(sanitizeText('tab\tand\nnewline\u0000')).toBe('tab\tand\nnewline');
    expect(sanitizeText('bidi \u202etxet')).toBe('bidi txet');
    expect(sanitizeInline('  a\n\n b\t c ')).toBe('a b c');
  });

  it('strips invisible characters and noncharacters, but keeps the joiner inside an emoji sequence', () => {
    expect(sanitizeText('a\u200db\u200bc\uffffd\ufffee\u{e0041}f')).toBe('abcdef');
    expect(sanitizeText('👨\u200d👩\u200d👧')).toBe('👨\u200d👩\u200d👧');
    expect(sanitizeText('👍🏽\u200d👍')).toBe('👍🏽\u200d👍');
    // A joiner at either end of an emoji is not a sequence.
    expect(sanitizeText('👍\u200dx x\u200d👍')).toBe('👍x x👍');
  });

  it('escapes HTML', () => {
    expect(escapeHtml(`<script>alert("x" & 'y')</script>`)).toBe('&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;');
  });

  it('escapes Markdown syntax, HTML and mentions without double-escaping', () => {
    // Words that could become a link or a mention go into code spans, where nothing is linked.
    expect(escapeMarkdown('**bold** [link](http://x) | <b> @user & #1')).toBe('\\*\\*bold\\*\\* `[link](http://x)` \\| &lt;b&gt; `@user` &amp; \\#1');
    expect(escapeMarkdown("it's")).toBe("it's");
    // A sentence's comma or full stop stays outside the span.
    expect(escapeMarkdown('read trainer_state.json, then www.example.org.')).toBe('read `trainer_state.json`, then `www.example.org`.');
  });

  it('makes code spans safe in tables', () => {
    expect(codeSpan('slices/disparity:a|b')).toBe('`slices/disparity:a\\|b`');
    expect(codeSpan('has `tick`')).toBe('has \\`tick\\`');
  });

  it('neutralises spreadsheet formulas in CSV cells', () => {
    expect(neutralizeFormula('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(neutralizeFormula('@cmd')).toBe("'@cmd");
    expect(neutralizeFormula('-2+3')).toBe("'-2+3");
    expect(neutralizeFormula('plain')).toBe('plain');
    expect(csvCell('+1,"x"')).toBe(`"'+1,""x"""`);
    expect(csvCell(-1.5)).toBe('-1.5');
  });
});
