/** Reading a check's metrics (JSON as the report holds it) for its charts, and their bilingual axis words. */
import type { Lang } from '../../core/vocabulary.js';

export type Obj = Record<string, unknown>;
export const isObj = (value: unknown): value is Obj => value !== null && typeof value === 'object' && !Array.isArray(value);
export const objs = (value: unknown): Obj[] => (Array.isArray(value) ? value.filter(isObj) : []);
export const finite = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);
export const pair = (value: unknown): [number, number] | null => (Array.isArray(value) && value.length === 2 && finite(value[0]) && finite(value[1]) ? [value[0], value[1]] : null);
export const say = (lang: Lang, en: string, zh: string): string => (lang === 'zh' ? zh : en);
export const pct = (x: number, digits = 1): string => `${(x * 100).toFixed(digits)}%`;
/** Findings of this check whose id starts with one of the keys. */
export const ids = (check: string, ...keys: string[]): string[] => keys.map((key) => `${check}/${key}`);
