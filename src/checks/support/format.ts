/**
 * Number and name formats as the findings write them, shared by the English and Chinese texts so
 * that both quote the same figures.
 */
import { sanitizeInline } from '../../core/sanitize.js';

/** `12.34%`: the two-decimal percentages of input-integrity, missing-values, duplicates, near-duplicates, conflicting-labels, leakage. */
export const pct2 = (x: number) => `${(x * 100).toFixed(2)}%`;
/** Percentages with a chosen number of decimals (one by default, as label-noise, calibration, seed-instability, slices). */
export const pct = (x: number, digits = 1) => `${(x * 100).toFixed(digits)}%`;
/** Percentage points, unsigned. */
export const points = (x: number, digits = 1) => `${(x * 100).toFixed(digits)}`;
/** A run or class name as calibration and seed-instability quote it. */
export const runName = (text: string) => JSON.stringify(sanitizeInline(text).slice(0, 60));
/** p- and q-values as slices writes them. */
export const pText = (value: number) => (value < 0.001 ? value.toExponential(1) : value.toFixed(3));
/** p-values as seed-instability writes them. */
export const pValueText = (p: number) => (p < 1e-4 ? 'p < 0.0001' : `p = ${p.toFixed(4)}`);
/** A difference in percentage points, as `高 1.2 个百分点` / `低 0.4 个百分点`. */
export const higherLower = (x: number, digits = 1) => `${x >= 0 ? '高' : '低'} ${Math.abs(x * 100).toFixed(digits)} 个百分点`;
/** "s" after a count other than one. */
export const plural = (count: number, many = 's', one = '') => (count === 1 ? one : many);
/** A similarity or distance to four decimals, trailing zeros dropped ("0.9959", "0.05"). */
export const num4 = (x: number) => String(Number(x.toFixed(4)));
