/**
 * Finding an evaluation tool's output files: the files under a directory, in a stable order, and
 * the start of a file to recognise it by content.
 */
import { open, readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { InputError, fileError } from '../errors.js';

/** How deep `filesUnder` looks below the directory it is given. */
export const MAX_OUTPUT_DEPTH = 6;

/**
 * Every file under `dir`, depth first in name order, at most MAX_OUTPUT_DEPTH levels down;
 * directories that `skip` names are not entered. A directory that cannot be read is an error naming it.
 */
export async function filesUnder(dir: string, skip: (name: string) => boolean = () => false, depth = 0): Promise<string[]> {
  if (depth > MAX_OUTPUT_DEPTH) return [];
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (error) {
    throw fileError(error, dir);
  }
  const found: string[] = [];
  for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!skip(entry.name)) found.push(...(await filesUnder(path, skip, depth + 1)));
    } else found.push(path);
  }
  return found;
}

/** The first 64 KiB of a file as text, or null when it cannot be opened. */
export async function fileHead(path: string): Promise<string | null> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch {
    return null;
  }
  try {
    const buffer = Buffer.alloc(65536);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}

/**
 * A JSON file written beside the outputs (a results file), parsed whole (it is small); null when
 * there is none. Not JSON is an error: `what` names the file in the message ("the harness results
 * file beside x.jsonl").
 */
export async function readJsonBeside(path: string, what: string): Promise<Record<string, unknown> | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return null;
  }
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    throw new InputError(`${what} is not JSON: ${(error as Error).message.slice(0, 120)}`, path);
  }
}
