/**
 * `--classes-from FILE`: the model's own class order. A Hugging Face `config.json` (its `id2label`,
 * ordered by id), a JSON array of names, a one-line comma-separated list, or one name per line
 * (a `labels.txt`).
 */
import { promises as fs } from 'node:fs';
import { InputError, fileError } from '../errors.js';

const MAX_BYTES = 16 * 1024 * 1024;

export async function readClassNames(path: string): Promise<string[]> {
  let text: string;
  try {
    const stat = await fs.stat(path);
    if (!stat.isFile()) throw new InputError('--classes-from needs a regular file (config.json, or a list of class names)', path);
    if (stat.size > MAX_BYTES)
      throw new InputError(`is ${stat.size} bytes; a list of class names or a config.json is far smaller (at most ${MAX_BYTES})`, path);
    text = await fs.readFile(path, 'utf8');
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw fileError(error, path);
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const trimmed = text.trim();
  let names: string[];
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(trimmed);
    } catch (error) {
      throw new InputError(`is not valid JSON (${(error as Error).message})`, path);
    }
    names = fromJson(parsed, path);
  } else {
    const lines = trimmed
      .split(/\r\n|\r|\n/)
      .map((line) => line.trim())
      .filter((line) => line !== '');
    names = lines.length === 1 ? lines[0].split(',').map((name) => name.trim()) : lines;
  }
  if (names.length < 2) throw new InputError(`names ${names.length} class${names.length === 1 ? '' : 'es'}; --classes-from needs at least two`, path);
  const empty = names.findIndex((name) => name === '');
  if (empty >= 0) throw new InputError(`class ${empty} has an empty name`, path);
  const repeated = names.find((name, index) => names.indexOf(name) !== index);
  if (repeated !== undefined) throw new InputError(`names "${repeated}" twice: each class must appear once`, path);
  return names;
}

function fromJson(parsed: unknown, path: string): string[] {
  if (Array.isArray(parsed)) {
    if (!parsed.every((name) => typeof name === 'string')) throw new InputError('a JSON list of class names must hold strings only', path);
    return parsed;
  }
  const id2label = parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>).id2label : undefined;
  if (!id2label || typeof id2label !== 'object' || Array.isArray(id2label))
    throw new InputError('has no "id2label" object (a Hugging Face config.json) and is not a list of class names', path);
  const entries = Object.entries(id2label as Record<string, unknown>);
  const names: string[] = new Array<string>(entries.length);
  for (const [key, value] of entries) {
    const id = Number(key);
    if (!Number.isInteger(id) || id < 0 || id >= entries.length || String(id) !== key.trim())
      throw new InputError(`"id2label" has the key "${key}"; its ids must be 0 to ${entries.length - 1}`, path);
    if (typeof value !== 'string') throw new InputError(`"id2label" maps ${key} to a ${typeof value}, not a class name`, path);
    names[id] = value;
  }
  return names;
}
