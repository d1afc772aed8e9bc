import { describe, expect, it } from 'vitest';
import { codeSpan, csvCell, escapeHtml, escapeMarkdown, neutralizeFormula, sanitizeInline, sanitizeText } from '../src/core/sanitize.js';

describe('untrusted text', () => {
  it('strips terminal control sequences and control characters', () => {
    expect(sanitizeText('ok\u001b[31mred\u001b[0m \u001b]0;title\u0007done\u0008')).toBe('okred done');
    expect(sanitizeText('tab\tand\nnewline\u0000')).toBe('tab\tand\nnewline');
    expect(sanitizeText('bidi \u202etxet')).toBe('bidi txet');
    expect(sanitizeInline('  a\n\n b\t c ')).toBe('a b c');
  });

  it('escapes HTML', () => {
    expect(escapeHtml(`<script>alert("x" & 'y')</script>`)).toBe('&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;');
  });

  it('escapes Markdown syntax, HTML and mentions without double-escaping', () => {
    // Words that could become a link or a mention go into code spans, where nothing is linked.
    expect(escapeMarkdown('**bold** [link](http://x) | <b> @user & #1')).toBe('\\*\\*bold\\*\\* `[link](http://x)` \\| &lt;b&gt; `@user` &amp; \\#1');
    expect(escapeMarkdown("it's")).toBe("it's");
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
