// Finds import cycles among the modules of src/ and exits 1 when there is one (issue 32: "no import cycle, type-only ones
// included"). Every way one module names another counts: `import` and `import type`, `export ... from`, `import()` calls
// and `import('...')` types, so a cycle cannot hide behind a type-only or a lazy import.
// Usage: node scripts/import-cycles.mjs [directory, default src]
import ts from 'typescript';
import fs from 'node:fs';
import path from 'node:path';

const root = process.cwd();
const dir = path.resolve(root, process.argv[2] ?? 'src');
const config = ts.readConfigFile(path.join(root, 'tsconfig.json'), ts.sys.readFile);
if (config.error) throw new Error(ts.flattenDiagnosticMessageText(config.error.messageText, '\n'));
const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, root);

const files = fs
  .readdirSync(dir, { recursive: true })
  .map((name) => path.join(dir, String(name)))
  .filter((file) => /\.(ts|tsx|mts|cts)$/.test(file) && !file.endsWith('.d.ts'))
  .sort();
const known = new Set(files);
const rel = (file) => path.relative(root, file);

/** The relative module specifiers of one file, with their line and whether only types are named. */
function specifiers(file) {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const found = [];
  const add = (literal, typeOnly) => {
    if (literal && ts.isStringLiteralLike(literal) && literal.text.startsWith('.'))
      found.push({ text: literal.text, line: source.getLineAndCharacterOfPosition(literal.getStart()).line + 1, typeOnly });
  };
  const visit = (node) => {
    if (ts.isImportDeclaration(node)) {
      const clause = node.importClause;
      const typeOnly =
        clause !== undefined &&
        (clause.isTypeOnly ||
          (!clause.name && clause.namedBindings !== undefined && ts.isNamedImports(clause.namedBindings) && clause.namedBindings.elements.length > 0
            ? clause.namedBindings.elements.every((element) => element.isTypeOnly)
            : false));
      add(node.moduleSpecifier, typeOnly);
    } else if (ts.isExportDeclaration(node)) {
      const typeOnly =
        node.isTypeOnly ||
        (node.exportClause !== undefined &&
          ts.isNamedExports(node.exportClause) &&
          node.exportClause.elements.length > 0 &&
          node.exportClause.elements.every((element) => element.isTypeOnly));
      add(node.moduleSpecifier, typeOnly);
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) {
      add(node.moduleReference.expression, node.isTypeOnly);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      add(node.arguments[0], false);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) {
      add(node.argument.literal, true);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Edges file -> file, each with where it is written. */
const edges = new Map(files.map((file) => [file, []]));
const unresolved = [];
for (const file of files) {
  for (const { text, line, typeOnly } of specifiers(file)) {
    const target = ts.resolveModuleName(text, file, options, ts.sys).resolvedModule?.resolvedFileName;
    if (target === undefined) {
      unresolved.push(`${rel(file)}:${line} ${text}`);
      continue;
    }
    const to = path.resolve(target);
    if (known.has(to)) edges.get(file).push({ to, line, text, typeOnly });
  }
}

// Tarjan's strongly connected components (iterative): every component of two or more files, or of one file importing
// itself, holds at least one cycle.
let counter = 0;
const index = new Map();
const low = new Map();
const onStack = new Set();
const stack = [];
const components = [];
for (const start of files) {
  if (index.has(start)) continue;
  const work = [{ file: start, next: 0 }];
  index.set(start, counter);
  low.set(start, counter++);
  stack.push(start);
  onStack.add(start);
  while (work.length > 0) {
    const frame = work[work.length - 1];
    const out = edges.get(frame.file);
    if (frame.next < out.length) {
      const { to } = out[frame.next++];
      if (!index.has(to)) {
        index.set(to, counter);
        low.set(to, counter++);
        stack.push(to);
        onStack.add(to);
        work.push({ file: to, next: 0 });
      } else if (onStack.has(to)) low.set(frame.file, Math.min(low.get(frame.file), index.get(to)));
      continue;
    }
    work.pop();
    if (work.length > 0) {
      const parent = work[work.length - 1].file;
      low.set(parent, Math.min(low.get(parent), low.get(frame.file)));
    }
    if (low.get(frame.file) === index.get(frame.file)) {
      const component = [];
      let member;
      do {
        member = stack.pop();
        onStack.delete(member);
        component.push(member);
      } while (member !== frame.file);
      const selfLoop = component.length === 1 && edges.get(component[0]).some((edge) => edge.to === component[0]);
      if (component.length > 1 || selfLoop) components.push(component.sort());
    }
  }
}

for (const entry of unresolved) console.error(`unresolved relative import: ${entry}`);
components.forEach((members, i) => {
  console.log(`import cycle ${i + 1}: ${members.length} file${members.length === 1 ? '' : 's'} (${members.map(rel).join(', ')})`);
  // Every import between the files of the cycle: breaking the cycle means removing enough of these.
  const inside = new Set(members);
  for (const from of members)
    for (const edge of edges.get(from))
      if (inside.has(edge.to)) console.log(`  ${rel(from)}:${edge.line} imports ${edge.text}${edge.typeOnly ? ' (types only)' : ''}`);
});
if (components.length > 0 || unresolved.length > 0) {
  console.error(`${components.length} import cycle(s) among ${files.length} modules of ${rel(dir)}`);
  process.exitCode = 1;
}
