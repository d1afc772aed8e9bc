/** Reading a check's metrics (JSON as the report holds it) for its charts (their text is in each check's wording table). */
import { isObj, type Obj } from './evidence.js';

export { isObj, jsonText } from './evidence.js';
export { pct } from './format.js';
export const objs = (value: unknown): Obj[] => (Array.isArray(value) ? value.filter(isObj) : []);
export const finite = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
export const pair = (value: unknown): [number, number] | null =>
  Array.isArray(value) && value.length === 2 && finite(value[0]) && finite(value[1]) ? [value[0], value[1]] : null;
/** The finding ids `<check>/<key>` a chart explains (findings with an instance, `<id>:<...>`, match too). */
export const ids = (check: string, ...keys: string[]): string[] => keys.map((key) => `${check}/${key}`);
