/**
 * Reading an OpenCompass item: its prompt as text, a gold answer that is a choice letter, the
 * choice a free-text prediction names, and the part of each prompt that is the item's own (the
 * instructions and few-shot examples every prompt shares are cut off).
 */

/** The prompt as text: a string, or the `prompt` of each turn of a chat prompt (`[{role, prompt}]`), joined. */
export function promptText(origin: unknown): string {
  if (typeof origin === 'string') return origin;
  if (Array.isArray(origin))
    return (origin as unknown[])
      .map((turn): unknown => (turn !== null && typeof turn === 'object' ? (turn as Record<string, unknown>).prompt : turn))
      .filter((text): text is string => typeof text === 'string')
      .join('\n');
  return origin === undefined || origin === null ? '' : JSON.stringify(origin);
}

// "C", "(C)", "C.", "Answer: C", "正确答案:C。" (LawBench's references), "答案：C".
const GOLD_LETTER = /^\s*(?:(?:正确)?答案\s*[:：]?\s*|[Aa]nswer\s*[:：]?\s*)?[(（]?([A-Z])[)）]?\s*[.。]?\s*$/;

/** The choice letter a gold answer is, or null when it is not one (a generation task's reference). */
export function goldLetter(gold: unknown): string | null {
  const value: unknown = Array.isArray(gold) && gold.length === 1 ? (gold as unknown[])[0] : gold;
  if (typeof value !== 'string') return null;
  const match = GOLD_LETTER.exec(value);
  return match ? match[1] : null;
}

/** How many choices a prompt marks: the length of the unbroken run of option markers from A (`A.`, `B:`, `(C)`). */
export function markedOptionCount(prompt: string): number {
  const marked = new Set<string>();
  for (const match of prompt.matchAll(/(?:^|[\s(（;；,，:：?？])\(?([A-Z])\s*[.．:：)）、]/g)) marked.add(match[1]);
  let count = 0;
  while (count < 26 && marked.has(String.fromCharCode(65 + count))) count++;
  return count;
}

/**
 * The letters a dataset offers as choices: A up to the most common count of marked options over its
 * prompts (a passage that mentions "E. coli" does not add a choice), and at least up to every gold letter.
 */
export function datasetOptions(prompts: readonly string[], golds: readonly string[]): string {
  const counts = new Map<number, number>();
  for (const prompt of prompts) {
    const n = markedOptionCount(prompt);
    counts.set(n, (counts.get(n) ?? 0) + 1);
  }
  let usual = 0;
  let best = -1;
  for (const [n, times] of counts) if (times > best || (times === best && n < usual)) [usual, best] = [n, times];
  const highestGold = Math.max(-1, ...golds.map((g) => g.charCodeAt(0) - 65));
  const count = Math.max(usual, highestGold + 1, 2);
  return Array.from({ length: count }, (_, i) => String.fromCharCode(65 + i)).join('');
}

/**
 * The choice a free-text answer names: an explicit statement first ("答案是 C", "[正确答案]B",
 * "The correct answer is (B)", "Answer: D"), then an answer that starts with a letter ("C. Planetary
 * days ..."), then the first letter standing alone. Empty when none is found. OpenCompass's own
 * post-processor, when its results file keeps per-sample details, wins over this reading.
 */
export function choiceNamed(text: string, options: string): string {
  const set = `[${options}]`;
  const patterns = [
    new RegExp(`答案\\]?\\s*(?:选项)?\\s*(?:应该?)?\\s*(?:是|为|选)?\\s*[:：]?\\s*[(（]?(${set})(?![A-Za-z])`),
    new RegExp(
      `(?:[Tt]he\\s+)?(?:[Cc]orrect\\s+|[Bb]est\\s+)?(?:[Aa]nswer|[Oo]ption|[Cc]hoice)(?:\\s+is)?(?:\\s+option)?\\s*[:：]?\\s*\\(?\\**(${set})(?![A-Za-z])`,
    ),
    new RegExp(`^\\s*[(（*]*(${set})(?:[.．:：)）、*\\s]|$)`),
    new RegExp(`(?:^|[^A-Za-z])(${set})(?![A-Za-z])`),
  ];
  for (const pattern of patterns) {
    const match = pattern.exec(text);
    if (match) return match[1];
  }
  return '';
}

/** Length of the prefix every text shares. */
function sharedPrefix(texts: readonly string[]): number {
  let n = texts[0].length;
  for (const text of texts) {
    let i = 0;
    while (i < n && i < text.length && text.charCodeAt(i) === texts[0].charCodeAt(i)) i++;
    n = i;
  }
  return n;
}

/** Length of the suffix every text shares. */
function sharedSuffix(texts: readonly string[], prefix: number): number {
  const first = texts[0];
  let n = first.length - prefix;
  for (const text of texts) {
    let i = 0;
    while (i < n && i < text.length - prefix && text.charCodeAt(text.length - 1 - i) === first.charCodeAt(first.length - 1 - i)) i++;
    n = i;
  }
  return n;
}

/** Where an item's question is announced in its prompt (the last such line wins: few-shot examples come before it). */
const QUESTION_MARKER = /(?:^|\n)\s*(?:Question|问题|题目)\s*[:：]/g;

/**
 * Each prompt's own part: what is left once the prefix and suffix all prompts share (instructions,
 * few-shot examples, the chat template) are cut, and, when every prompt announces its question
 * ("Question:"), from the last announcement on (retrieved passages before it are context, not the item).
 */
export function itemParts(prompts: readonly string[]): string[] {
  if (prompts.length < 2) return prompts.map((p) => p.trim());
  // Cut at line starts only, so that shared first words ("Question: Wh") stay with each item.
  const shared = sharedPrefix(prompts);
  // A prompt that is all shared (the same item twice) keeps its whole text, so that its copies are found.
  if (prompts.some((p) => p.length === shared)) return prompts.map((p) => p.trim());
  const prefix = prompts[0].lastIndexOf('\n', shared - 1) + 1;
  const sharedEnd = sharedSuffix(prompts, prefix);
  const tail = prompts[0].slice(prompts[0].length - sharedEnd);
  const suffix = tail.includes('\n') ? tail.length - tail.indexOf('\n') : 0;
  const parts = prompts.map((p) => p.slice(prefix, p.length - suffix));
  if (parts.some((part) => part.trim() === '')) return prompts.map((p) => p.trim());
  const starts = parts.map((part) => {
    let last = -1;
    for (const match of part.matchAll(QUESTION_MARKER)) last = match.index + (match[0].startsWith('\n') ? 1 : 0);
    return last;
  });
  return parts.map((part, i) => (starts.every((s) => s >= 0) ? part.slice(starts[i]) : part).trim());
}
