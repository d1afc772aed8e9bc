/** Number and list formats shared by the training-curves findings and their remedy evidence, so both quote the same figures. */
import { sanitizeInline } from '../../core/sanitize.js';

export const name = (run: string) => `"${sanitizeInline(run).slice(0, 60)}"`;
/** A list of run names, the first five then how many more. */
export function runs(list: readonly string[], lang: 'en' | 'zh' = 'en'): string {
  const shown = list
    .slice(0, 5)
    .map(name)
    .join(lang === 'zh' ? '、' : ', ');
  if (list.length <= 5) return shown;
  return lang === 'zh' ? `${shown} 等 ${list.length} 次运行` : `${shown} and ${list.length - 5} more`;
}
export const num = (x: number) => (Number.isInteger(x) ? String(x) : Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 1 ? x.toFixed(3) : x.toPrecision(3));
export const pts = (x: number) => (x * 100).toFixed(1);
export const at = (p: { epoch: number | null; step: number }, lang: 'en' | 'zh' = 'en') =>
  p.epoch !== null ? (lang === 'zh' ? `第 ${num(p.epoch)} 轮` : `epoch ${num(p.epoch)}`) : lang === 'zh' ? `第 ${p.step} 步` : `step ${p.step}`;
/** Where each run is best: "epochs 9, 7 and 15" (or steps), the first five. */
export function atList(points: readonly { epoch: number | null; step: number }[], lang: 'en' | 'zh' = 'en'): string {
  const byEpoch = points.every((p) => p.epoch !== null);
  const values = points.slice(0, 5).map((p) => num(byEpoch ? p.epoch! : p.step));
  const more = points.length > 5 ? (lang === 'zh' ? ' 等' : ', ...') : '';
  if (lang === 'zh') return `${byEpoch ? '第' : '第'} ${values.join('、')} ${byEpoch ? '轮' : '步'}${more}`;
  const joined = values.length <= 1 ? values.join('') : `${values.slice(0, -1).join(', ')} and ${values[values.length - 1]}`;
  return `${byEpoch ? 'epoch' : 'step'}${values.length > 1 ? 's' : ''} ${joined}${more}`;
}
export const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / Math.max(1, xs.length);
