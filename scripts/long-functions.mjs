// Lists the functions in src/ longer than a limit (default 100 lines) and exits 1 when there is one.
// Usage: node scripts/long-functions.mjs [limit]
import ts from 'typescript';
import fs from 'node:fs';
import { execSync } from 'node:child_process';

const limit = Number(process.argv[2] ?? 100);
const files = execSync('git ls-files "src/*.ts"', { encoding: 'utf8' }).trim().split('\n');
const long = [];
for (const file of files) {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const visit = (node) => {
    if (ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) || ts.isArrowFunction(node) || ts.isFunctionExpression(node)) {
      const first = source.getLineAndCharacterOfPosition(node.getStart()).line;
      const last = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      const name = node.name?.getText() ?? node.parent?.name?.getText() ?? '<anonymous>';
      if (last - first + 1 > limit) long.push({ lines: last - first + 1, where: `${file}:${first + 1} ${name}` });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
}
long.sort((a, b) => b.lines - a.lines);
for (const { lines, where } of long) console.log(`${lines} ${where}`);
if (long.length > 0) {
  console.error(`${long.length} function(s) over ${limit} lines`);
  process.exitCode = 1;
}
