/** Seed-instability's part in the remedies: the evidence it gives and the headroom it measures. */
import { arr, gainText, generic, isObj, num, pct, pValue, type CheckRemedies } from '../support/evidence.js';

/** This check's part in the remedies: the evidence it gives and the headroom it measures. */
export const remedies: CheckRemedies = {
  evidence({ metrics, lang, findings, remedy }) {
    const m = metrics;
    const out: string[] = [];
    const keys = new Set(findings.map((f) => f.id.slice('seed-instability/'.length).split(':')[0]));
    const runs = arr(m, 'runs')?.length ?? null;
    const ensembleAccuracy = num(m, 'ensemble', 'accuracy');
    const gain = num(m, 'ensemble', 'gainOverMean');
    const mean = num(m, 'accuracy', 'mean');
    let ensembleWritten = false;
    if ((remedy.measuredBy.includes('ensembleGain') || keys.has('ensemble-gain')) && ensembleAccuracy !== null && gain !== null) {
      const k = runs !== null ? `${runs} ` : '';
      out.push(
        lang === 'en'
          ? `The ensemble of the ${k}runs reaches ${pct(ensembleAccuracy)} accuracy, ${gainText(gain, lang)} the mean single run${mean !== null ? ` (${pct(mean)})` : ''}.`
          : `${k}次运行的集成准确率为 ${pct(ensembleAccuracy)},比单次运行的平均值${mean !== null ? `(${pct(mean)})` : ''}${gainText(gain, lang)}。`,
      );
      ensembleWritten = true;
    }
    for (const f of findings) {
      // Per-model findings carry the model as their instance (`churn:logreg`).
      const key = f.id.slice('seed-instability/'.length).split(':')[0];
      if (key === 'churn') {
        const churn = num(f.metrics, 'meanPairwise') ?? num(m, 'churn', 'meanPairwise');
        const unstable = num(f.metrics, 'unstableRows') ?? num(m, 'unstableRows');
        const share = num(f.metrics, 'unstableShare') ?? num(m, 'unstableShare');
        const error = num(f.metrics, 'meanErrorRate');
        if (churn === null) continue;
        out.push(
          lang === 'en'
            ? `Two runs disagree on ${pct(churn)} of examples on average${error !== null ? ` (mean error rate ${pct(error)})` : ''}${unstable !== null ? `; ${unstable} examples${share !== null ? ` (${pct(share)})` : ''} change prediction across runs` : ''}.`
            : `任意两次运行平均在 ${pct(churn)} 的样本上预测不一致${error !== null ? `(平均错误率 ${pct(error)})` : ''}${unstable !== null ? `;${unstable} 个样本${share !== null ? `(${pct(share)})` : ''}在不同运行间预测发生变化` : ''}。`,
        );
      } else if (key === 'accuracy-spread') {
        const min = num(f.metrics, 'min') ?? num(m, 'accuracy', 'min');
        const max = num(f.metrics, 'max') ?? num(m, 'accuracy', 'max');
        const p = num(f.metrics, 'pValue') ?? num(m, 'spreadTest', 'pValue');
        const ci = arr(f.metrics, 'ci95') ?? arr(isObj(m?.accuracy) ? m.accuracy : null, 'ci95');
        if (min === null || max === null) continue;
        const ciText =
          ci && typeof ci[0] === 'number' && typeof ci[1] === 'number'
            ? lang === 'en'
              ? `; 95% interval of the mean [${pct(ci[0])}, ${pct(ci[1])}]`
              : `;均值的 95% 区间为 [${pct(ci[0])}, ${pct(ci[1])}]`
            : '';
        const pText = p !== null ? (lang === 'en' ? `; spread test ${pValue('p', p)}` : `;波动检验 ${pValue('p', p)}`) : '';
        out.push(
          lang === 'en'
            ? `Accuracy ranges from ${pct(min)} to ${pct(max)} across ${runs ?? 'the'} runs${ciText}${pText}.`
            : `${runs !== null ? `${runs} ` : ''}次运行的准确率在 ${pct(min)} 到 ${pct(max)} 之间${ciText}${pText}。`,
        );
      } else if (key === 'failed-runs') {
        const failed = arr(f.metrics, 'failedRuns')?.length ?? arr(m, 'failedRuns')?.length ?? null;
        const baseline = num(f.metrics, 'majorityBaseline') ?? num(m, 'majorityBaseline');
        if (failed === null) continue;
        out.push(
          lang === 'en'
            ? `${failed} of ${runs ?? '?'} runs are no better than always predicting the majority class${baseline !== null ? ` (${pct(baseline)})` : ''}.`
            : `${runs ?? '?'} 次运行中有 ${failed} 次不优于始终预测多数类${baseline !== null ? `(${pct(baseline)})` : ''}。`,
        );
      } else if (key === 'ensemble-gain') {
        if (ensembleWritten) continue;
        const g = num(f.metrics, 'gainOverMean');
        const acc = num(f.metrics, 'ensembleAccuracy');
        if (g === null || acc === null) {
          out.push(...generic(f, lang));
          continue;
        }
        out.push(
          lang === 'en'
            ? `The ensemble of the runs reaches ${pct(acc)} accuracy, ${gainText(g, lang)} the mean single run.`
            : `多次运行的集成准确率为 ${pct(acc)},比单次运行的平均值${gainText(g, lang)}。`,
        );
        ensembleWritten = true;
      } else if (key === 'partial-coverage') {
        const left = num(f.metrics, 'leftOut');
        const union = num(f.metrics, 'unionRows');
        if (left === null) continue;
        out.push(
          lang === 'en'
            ? `The runs cover different examples: ${left}${union !== null ? ` of ${union}` : ''} are left out of the comparison.`
            : `各次运行覆盖的样本不同:${union !== null ? `${union} 个样本中有 ` : ''}${left} 个未参与比较。`,
        );
      } else {
        out.push(...generic(f, lang));
      }
    }
    return out;
  },
  headroom: {
    ensembleGain(context) {
      const { remedyId, lang } = context;
      const m = context.metrics;
      const gain = num(m, 'ensemble', 'gainOverMean');
      if (gain === null) return null;
      const lo = arrayAt(m, 0);
      const hi = arrayAt(m, 1);
      const se = num(m, 'ensemble', 'gainStandardError');
      const runs = arr(m, 'runs')?.length ?? null;
      const rows = num(m, 'commonRows');
      const interval: [number, number] | null = lo !== null && hi !== null ? [lo, hi] : null;
      const k = runs !== null ? `${runs} ` : '';
      const n = rows !== null ? `${rows} ` : '';
      if (remedyId === 'distill') {
        // A student trained on the ensemble keeps at most what the ensemble gains.
        return {
          metric: 'accuracy',
          value: Math.max(0, gain),
          interval: interval ? [Math.max(0, interval[0]), Math.max(0, interval[1])] : null,
          unit: 'fraction',
          basis: 'upper-bound',
          method:
            lang === 'en'
              ? `what the ensemble of the ${k}runs gains on the ${n}evaluation rows; a distilled student keeps at most that`
              : `${k}次运行的集成在 ${n}个评估行上的收益;蒸馏得到的学生模型最多保留这么多`,
          ...(se !== null ? { standardError: se } : {}),
        };
      }
      return {
        metric: 'accuracy',
        value: gain,
        interval,
        unit: 'fraction',
        basis: 'measured',
        method:
          lang === 'en'
            ? `the ensemble of your ${k}runs against the mean single run on the ${n}evaluation rows, paired bootstrap over rows and runs`
            : `你的 ${k}次运行的集成与单次运行平均值在 ${n}个评估行上的对比,对行和运行做配对自助法`,
        ...(se !== null ? { standardError: se } : {}),
        ...(rows !== null ? { rows } : {}),
      };
    },
  },
};

/** `ensemble.gainInterval[i]` as written in the report (an array). */
function arrayAt(m: unknown, i: number): number | null {
  const ensemble = isObj(m) ? m.ensemble : null;
  const interval = arr(ensemble, 'gainInterval');
  const value = interval?.[i];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
