// Lists the language conditionals in src/ outside the wording tables and exits 1 when there are more than a limit.
// A language conditional is a comparison of a language with a literal (`lang === 'en'`, `options.lang !== 'zh'`,
// `'zh' === lang`) or a call of the chart helper `say(lang, en, zh)`. Wording tables are the files named
// wording.ts, messages.ts or findings.ts (or `<name>.wording.ts` beside a one-file check): only they know languages.
// Usage: node scripts/lang-conditionals.mjs [limit]   (default: list them, no limit)
import fs from 'node:fs';
import path from 'node:path';
import { execSync } from 'node:child_process';

const limit = process.argv[2] === undefined ? Infinity : Number(process.argv[2]);
if (Number.isNaN(limit)) {
  console.error(`lang-conditionals: the limit must be a number, got "${process.argv[2]}"`);
  process.exit(2);
}
const TABLE = /^(?:wording|messages|findings)\.ts$|\.wording\.ts$/;
const PATTERNS = [/\b\w*[lL]ang\s*[!=]==?\s*['"](?:en|zh)['"]/g, /['"](?:en|zh)['"]\s*[!=]==?\s*[\w.]*[lL]ang\b/g, /\bsay\(\s*[\w.]*[lL]ang\b/g];
const files = execSync('git ls-files "src/*.ts"', { encoding: 'utf8' }).trim().split('\n').filter(Boolean);
const found = [];
const perFile = new Map();
for (const file of files) {
  if (TABLE.test(path.basename(file))) continue;
  if (!fs.existsSync(file)) continue;
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  lines.forEach((line, index) => {
    const count = PATTERNS.reduce((sum, pattern) => sum + (line.match(pattern)?.length ?? 0), 0);
    for (let i = 0; i < count; i++) found.push(`${file}:${index + 1}: ${line.trim().slice(0, 140)}`);
    if (count > 0) perFile.set(file, (perFile.get(file) ?? 0) + count);
  });
}
for (const where of found) console.log(where);
console.log(`${found.length} language conditional(s) outside wording tables in ${perFile.size} file(s)${Number.isFinite(limit) ? ` (limit ${limit})` : ''}`);
if (found.length > limit) {
  console.error(`lang-conditionals: ${found.length} > ${limit}; move the wording into the check's wording table`);
  process.exitCode = 1;
}
