/** The conflicting-labels check's remedy evidence, gain method and export reasons, in English and Chinese. */
import { words } from './support/bilingual.js';

export const wording = {
  benchmarkEvidence: words(
    (count: number, members: number, minority: number | null) =>
      `${count} benchmark item${count === 1 ? ' appears' : 's appear'} more than once with different gold answers${members > 0 ? ` (${members} rows)` : ''}; at least ${minority ?? '?'} of those rows ${minority === 1 ? 'is' : 'are'} scored wrong whatever the model answers.`,
    (count, members, minority) =>
      `${count} 道基准题重复出现且参考答案不同${members > 0 ? `(共 ${members} 行)` : ''};无论模型答什么,其中至少 ${minority ?? '?'} 行会被判错。`,
  ),
  evidence: words(
    (count: number, members: number, minority: number | null) =>
      `${count} groups of duplicate rows${members > 0 ? ` (${members} rows)` : ''} carry conflicting labels${minority !== null ? `; ${minority} rows disagree with their group's majority` : ''}.`,
    (count, members, minority) =>
      `${count} 组重复样本${members > 0 ? `(共 ${members} 行)` : ''}带有相互矛盾的标签${minority !== null ? `;其中 ${minority} 行与组内多数标签不一致` : ''}。`,
  ),
  conflictingGoldMethod: words(
    (minority: number, labelled: number | null) =>
      `${minority} of the ${labelled ?? '?'} labelled items ${minority === 1 ? 'is' : 'are'} scored wrong whatever a model answers, their identical copies carrying another gold answer: if one of each item's gold answers is right, the measured accuracy is understated by at most this much`,
    (minority, labelled) =>
      `${labelled ?? '?'} 道有标签的题中有 ${minority} 道无论模型答什么都会被判错(其相同副本带有另一个参考答案):若每道题的参考答案中有一个是对的,测得的准确率最多被低估这么多`,
  ),
  /** One row of a conflicting group: its label, a few other rows of the group (more than six: cut short), the group's labels. */
  exportReason: words(
    (own: string | null, others: number[], cut: boolean, labels: string[]) =>
      `${own ? `label ${own}; ` : ''}its duplicate group (rows ${others.join(', ')}${cut ? ', ...' : ''}) has labels ${labels.join(', ')}`,
    (own, others, cut, labels) => `${own ? `标签 ${own};` : ''}其重复组(记录 ${others.join('、')}${cut ? ' 等' : ''})的标签为 ${labels.join('、')}`,
  ),
};
