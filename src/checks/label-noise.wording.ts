/** The label-noise check's phrases (parts of the mislabelled-rows summary, remedy evidence, gain method, export reasons), in English and Chinese. */
import { sanitizeInline } from '../core/sanitize.js';
import { pct as percent, pText } from './support/format.js';
import { phrase, words, type Phrase } from './support/bilingual.js';
import type { FlaggedByRole, ModelSkill } from './label-noise.roles.js';
import type { HardGroup } from './support/hard-group.js';

/** The part of the mislabelled-rows finding's arguments these phrases quote. */
interface Flagged {
  issueCount: number;
}

export const wording = {
  /** The model is too weak for its flags to be label errors. */
  weakModel: words(
    (majorityLabel: string | null, k: ModelSkill) =>
      ` But the model is right on ${percent(k.accuracy)} of these rows against ${percent(k.majorityBaseline)} for always guessing "${sanitizeInline(majorityLabel ?? '')}" (skill ${k.skill.toFixed(2)} on a scale where 0 is that guess and 1 is perfect): a model this weak disagrees with correct labels all the time, so most of these flags are its own errors, not label errors. Improve the model before relabelling on its word.`,
    (majorityLabel, k) =>
      `但模型在这些行上的正确率为 ${percent(k.accuracy)}，而总是猜 "${sanitizeInline(majorityLabel ?? '')}" 为 ${percent(k.majorityBaseline)}（技能值 ${k.skill.toFixed(2)}：0 相当于这种猜测，1 为完美）：这么弱的模型经常与正确的标签不一致，因此这些标记大多是模型自己的错误，而不是标签错误。在依据它重新标注之前，请先改进模型。`,
  ),
  /** Only evaluation rows were checked: the training rows look in-sample. */
  trainingLeftOut: words(
    (r: FlaggedByRole) =>
      ` Only the ${r.evaluation.rows} evaluation rows were checked: the model does far better on the training rows, as with in-sample predictions.`,
    (r) => `只检查了 ${r.evaluation.rows} 个评估行：模型在训练行上的表现远好于评估行，与样本内预测的情形相同。`,
  ),
  /** The flagged rows by role (training, evaluation). */
  byRole: words(
    (r: FlaggedByRole) =>
      ` Of them, ${r.training.flagged} are training rows (of ${r.training.rows}: relabelling those changes what the model learns) and ${r.evaluation.flagged} evaluation rows (of ${r.evaluation.rows}: those change what its accuracy is measured to be).`,
    (r) =>
      `其中 ${r.training.flagged} 行是训练行（共 ${r.training.rows} 行：重新标注它们会改变模型学到的内容），${r.evaluation.flagged} 行是评估行（共 ${r.evaluation.rows} 行：它们改变的是测得的准确率）。`,
  ),
  /** What the embedding neighbours say of the flagged rows. */
  neighbours: words(
    (a: Flagged, n: { k: number; both: number; neighbourFlagged: number }) =>
      ` In embedding space, the ${n.k} nearest neighbours of ${n.both} of the ${a.issueCount} flagged rows mostly carry another label too (the neighbours contradict ${n.neighbourFlagged} rows in all): those ${n.both} are the likeliest errors.`,
    (a, n) =>
      `在嵌入空间中，被标记的 ${a.issueCount} 行里有 ${n.both} 行的 ${n.k} 个最近邻也大多带有另一个标签（最近邻共与 ${n.neighbourFlagged} 行的标签相矛盾）：这 ${n.both} 行最可能标错。`,
  ),
  /** A group the model finds hard holds many flagged rows (`where` names it). */
  hardGroup: words(
    (a: Flagged, g: HardGroup, where: string) =>
      ` ${g.flaggedInGroup} of the ${a.issueCount} flagged rows sit in ${where}, where the model errs on ${percent(g.groupErrorRate)} of the ${g.groupRows} rows not flagged against ${percent(g.restErrorRate)} elsewhere (p = ${pText(g.pValue)}, ${g.groupsTested} groups tested): rows there are often hard rather than mislabelled, so review them before relabelling.`,
    (a, g, where) =>
      `被标记的 ${a.issueCount} 行中有 ${g.flaggedInGroup} 行落在 ${where} 中，模型在那里未被标记的 ${g.groupRows} 行上错误率为 ${percent(g.groupErrorRate)}，其余为 ${percent(g.restErrorRate)}（p = ${pText(g.pValue)}，共检验 ${g.groupsTested} 个组）：那里的行往往是难例而不是标错，重新标注前请先复核。`,
  ),
  /** The remedy evidence: flagged rows (`share` in brackets, or empty) and the estimated noise rate (a percentage), either may be missing. */
  evidence: words(
    (issues: number | null, share: string, rate: string | null) =>
      `${[issues !== null ? `${issues} rows${share} are likely mislabelled (confident learning)` : null, rate !== null ? `estimated label noise rate ${rate}` : null].filter((part) => part !== null).join('; ')}.`,
    (issues, share, rate) =>
      `${[issues !== null ? `${issues} 行${share}疑似标签错误(置信学习)` : null, rate !== null ? `估计标签噪声率为 ${rate}` : null].filter((part) => part !== null).join(';')}。`,
  ),
  hardGroupEvidence: words(
    (flagged: number, where: string) =>
      `${flagged} of them sit in ${where}, where the model errs more often on the rows not flagged too: those may be hard rather than mislabelled.`,
    (flagged, where) => `其中 ${flagged} 行落在 ${where} 中，模型在那里未被标记的行上也更常出错：这些行可能是难例而不是标错。`,
  ),
  evaluationLabelIssuesMethod: words(
    (rows: number | null, flagged: number, shift: number) =>
      `accuracy on the ${rows ?? ''} evaluation rows with the ${flagged} flagged ones given their suggested labels, against their labels as given (mean over the runs): if every flag is a real error, the measured accuracy is ${shift >= 0 ? 'understated' : 'overstated'} by this much`,
    (rows, flagged, shift) =>
      `把 ${flagged} 个被标记评估行换成建议标签后 ${rows ?? ''} 个评估行上的准确率,与按给定标签的准确率之差(各次运行的平均):若每个标记都是真错误,测得的准确率${shift >= 0 ? '偏低' : '偏高'}这么多`,
  ),
  /** A flagged row: its rank, its label, the suggested one and its label quality (each but the rank may be missing). */
  exportReason: words(
    (rank: number, given: string | null, suggestion: string | null, quality: string | null) =>
      [
        `likely mislabelled (rank ${rank})`,
        given !== null ? `given ${given}` : '',
        suggestion !== null ? `suggested ${suggestion}` : '',
        quality !== null ? `label quality ${quality}` : '',
      ]
        .filter(Boolean)
        .join('; '),
    (rank, given, suggestion, quality) =>
      [
        `疑似标签错误(排名 ${rank})`,
        given !== null ? `给定标签 ${given}` : '',
        suggestion !== null ? `建议标签 ${suggestion}` : '',
        quality !== null ? `标签质量 ${quality}` : '',
      ]
        .filter(Boolean)
        .join(';'),
  ),
};

/** The chart text of label-noise.charts.ts, in English and Chinese. */
export const chartText = {
  likelyLabelErrorsPer: phrase('Likely label errors per class', '各类别疑似标注错误'),
  rowsFlaggedOverClasses: words(
    (flagged: Phrase, classes: Phrase, name: Phrase, classFlagged: Phrase, share: Phrase) =>
      `${flagged} rows flagged over ${classes} classes; the most affected is "${name}" with ${classFlagged} (${share} of its rows).`,
    (flagged, classes, name, classFlagged, share) =>
      `${classes} 个类别中共标记 ${flagged} 行；受影响最大的是 "${name}"，${classFlagged} 行（占该类 ${share}）。`,
  ),
  rowsFlagged: phrase('rows flagged', '被标记的行数'),
  class: phrase('class', '类别'),
};
