/** The wording of the proxy check's finding, in English and Chinese. */
import { z } from 'zod';
import { m } from '../support/metrics-schema.js';
import { finding } from '../types.js';
import { pct } from '../support/format.js';

export interface BeatsYourModelArgs {
  proxyAccuracy: number;
  /** 95% interval of the proxy's accuracy on these rows (its share of them right, bootstrapped with the gap). */
  proxyInterval: [number, number];
  modelAccuracy: number;
  /** Proxy minus your model, with its 95% interval (paired over rows and runs). */
  gap: number;
  gapInterval: [number, number];
  rows: number;
  runs: number;
  trainingRows: number;
  mode: 'split' | 'cross-fit';
  folds: number;
}

const signed = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}`;

export const findings = {
  /** A logistic regression on the data's own features does better than the user's model. */
  'beats-your-model': finding({
    args: z.object({ gap: m.number() }),
    size: (a) => a.gap,
    en: (a: BeatsYourModelArgs) => ({
      title: `A logistic regression on your features beats your model by ${signed(a.gap)} points`,
      summary:
        `A logistic regression on your features, its penalty picked by a small search on the training rows, reaches ${pct(a.proxyAccuracy)} [${pct(a.proxyInterval[0])}, ${pct(a.proxyInterval[1])}] on these ${a.rows} evaluation rows against your model's ${pct(a.modelAccuracy)}${a.runs > 1 ? ` (mean of ${a.runs} runs)` : ''}: ` +
        `${signed(a.gap)} points, 95% interval ${signed(a.gapInterval[0])} to ${signed(a.gapInterval[1])} (paired over rows${a.runs > 1 ? ' and runs' : ''}). ` +
        `It was trained on ${a.trainingRows} ${a.mode === 'split' ? 'training rows' : `rows of each of ${a.folds} cross-fitted folds`}. ` +
        `A model that a simple linear one beats on the same features is over-fit or mis-tuned: a search over its settings, or more regularisation, should at least close that gap.`,
    }),
    zh: (a) => ({
      title: `基于你的特征的逻辑回归比你的模型高 ${(a.gap * 100).toFixed(1)} 个百分点`,
      summary:
        `基于你的特征、在训练行上小规模搜索选定惩罚的逻辑回归，在这 ${a.rows} 个评估行上达到 ${pct(a.proxyAccuracy)} [${pct(a.proxyInterval[0])}, ${pct(a.proxyInterval[1])}]，而你的模型为 ${pct(a.modelAccuracy)}${a.runs > 1 ? `（${a.runs} 次运行的平均）` : ''}：` +
        `高 ${(a.gap * 100).toFixed(1)} 个百分点，95% 区间 ${signed(a.gapInterval[0])} 至 ${signed(a.gapInterval[1])}（对行${a.runs > 1 ? '和运行' : ''}配对）。` +
        `它在 ${a.trainingRows} 个${a.mode === 'split' ? '训练行' : `行（${a.folds} 折交叉拟合的每一折）`}上训练。` +
        `在相同特征上被简单线性模型超过的模型，要么过拟合，要么没有调好：搜索它的超参数或加强正则化，至少应能补上这一差距。`,
    }),
  }),
};
