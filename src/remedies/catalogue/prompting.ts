/**
 * Remedies for prompted models evaluated on multiple-choice answers: an answer bias (one letter or
 * position predicted far more often than it is the gold answer) is fixed at the prompt and at the
 * answer prior, not by retraining, and never by temperature scaling (which leaves the argmax as it is).
 */
import type { CatalogueEntry, Reference } from './types.js';

const ZHAO_2021: Reference = {
  authors: 'Zhao, T. Z., Wallace, E., Feng, S., Klein, D., Singh, S.',
  year: 2021,
  title: 'Calibrate Before Use: Improving Few-Shot Performance of Language Models',
  venue: 'ICML 2021',
};
const ZHOU_2024: Reference = {
  authors: 'Zhou, H., Wan, X., Proleev, L., Mincu, D., Chen, J., Heller, K., Roy, S.',
  year: 2024,
  title: 'Batch Calibration: Rethinking Calibration for In-Context Learning and Prompt Engineering',
  venue: 'ICLR 2024',
};
const ZHENG_2024: Reference = {
  authors: 'Zheng, C., Zhou, H., Meng, F., Zhou, J., Huang, M.',
  year: 2024,
  title: 'Large Language Models Are Not Robust Multiple Choice Selectors',
  venue: 'ICLR 2024',
};
const PEZESHKPOUR_2024: Reference = {
  authors: 'Pezeshkpour, P., Hruschka, E.',
  year: 2024,
  title: 'Large Language Models Sensitivity to The Order of Options in Multiple-Choice Questions',
  venue: 'Findings of NAACL 2024',
};
const LU_2022: Reference = {
  authors: 'Lu, Y., Bartolo, M., Moore, A., Riedel, S., Stenetorp, P.',
  year: 2022,
  title: 'Fantastically Ordered Prompts and Where to Find Them: Overcoming Few-Shot Prompt Order Sensitivity',
  venue: 'ACL 2022',
};

export const PROMPTING_REMEDIES: CatalogueEntry[] = [
  {
    id: 'calibrate-answer-prior',
    category: 'model',
    outcome: 'accuracy',
    title: { en: 'Calibrate the answer prior', zh: '校准答案先验' },
    summary: {
      en: "Divide the model's answer probabilities by its prior over the answers (estimated from content-free prompts, from the mean over unlabelled questions, or fitted on a small labelled set) before taking the argmax. Unlike temperature scaling it changes which answer is predicted, which is what an answer bias needs.",
      zh: '取最大值之前，把模型的答案概率除以它对各答案的先验（用无内容提示估计、用无标注问题上的均值估计，或在少量有标注数据上拟合）。与温度缩放不同，它会改变预测的答案，这正是答案偏差所需要的。',
    },
    when: {
      en: 'A prompted model predicts one answer far more often than it is the gold answer.',
      zh: '提示模型预测某个答案的频率远高于它作为正确答案的频率。',
    },
    appliesTo: ['answer-bias/skew:*'],
    measuredBy: ['answerPriorGain'],
    cost: 'low',
    seedTerms: ['偏差较大', '持续评估'],
    variants: {
      nlp: {
        en: 'For a classifier scored by prompting, re-weight the label probabilities by the inverse of their mean over unlabelled inputs.',
        zh: '对用提示做分类的分类器，按标签概率在无标注输入上的均值的倒数重新加权。',
      },
      vision: {
        en: 'For a zero-shot image classifier (CLIP-style prompts), divide the class scores by their mean over unlabelled images.',
        zh: '对零样本图像分类器（CLIP 式提示），把类别得分除以其在无标注图像上的均值。',
      },
      tabular: {
        en: 'For a model whose class scores are skewed, fit one offset per class on a validation split (prior correction) and apply it before the argmax.',
        zh: '对类别得分有偏的模型，在验证集上为每个类别拟合一个偏移（先验校正），在取最大值之前应用。',
      },
      llm: {
        en: 'Contextual calibration (content-free prompts such as "N/A"), batch calibration (the mean over the evaluation questions), or per-letter weights fitted on a few labelled questions; report the evaluation both ways.',
        zh: '上下文校准（用 "N/A" 等无内容提示）、批校准（评估问题上的均值），或在少量有标注问题上拟合每个字母的权重；两种方式的评估结果都要报告。',
      },
    },
    steps: {
      en: [
        'Estimate the answer prior: the mean probability of each answer over the evaluation questions (no labels), or over content-free prompts.',
        "Divide each question's answer probabilities by that prior and take the argmax.",
        'If you fit weights on labelled questions instead, fit them on one part and report accuracy on the rest.',
        'Report accuracy before and after, and the share of each predicted answer against the gold shares.',
      ],
      zh: [
        '估计答案先验：每个答案在评估问题上的平均概率（不需要标签），或在无内容提示上的概率。',
        '把每个问题的答案概率除以该先验，再取最大值。',
        '若改为在有标注问题上拟合权重，应在一部分上拟合、在其余部分上报告准确率。',
        '报告校准前后的准确率，以及各预测答案的占比与正确答案占比的对比。',
      ],
    },
    references: [ZHAO_2021, ZHOU_2024, ZHENG_2024],
  },
  {
    id: 'shuffle-choices',
    category: 'model',
    outcome: 'accuracy',
    title: { en: 'Shuffle or balance the order of the choices', zh: '打乱或平衡选项的顺序' },
    summary: {
      en: 'Present each question with its choices in several orders (cyclic permutations, or a random order per question) and average the answer probabilities over the orders, or at least balance which letter the gold answer has. A model that favours a letter or a position then gains nothing from it, and the score no longer depends on where the benchmark put its answers.',
      zh: '对每个问题以多种顺序呈现选项（循环置换，或每题随机顺序），并在各种顺序上平均答案概率，或至少平衡正确答案所在的字母。偏爱某个字母或位置的模型因此无从获益，分数也不再取决于基准把答案放在哪里。',
    },
    when: {
      en: 'A prompted model predicts one answer letter or position far more often than it is the gold answer.',
      zh: '提示模型预测某个答案字母或位置的频率远高于它作为正确答案的频率。',
    },
    appliesTo: ['answer-bias/skew:*'],
    measuredBy: [],
    cost: 'medium',
    seedTerms: ['偏差较大'],
    variants: {
      nlp: {
        en: 'For prompted classification, permute the order in which the label options are listed and average over the orders.',
        zh: '对提示式分类，置换标签选项的列出顺序，并在各种顺序上取平均。',
      },
      vision: {
        en: 'For multiple-choice visual question answering, permute the options and average over the orders.',
        zh: '对多项选择的视觉问答，置换选项并在各种顺序上取平均。',
      },
      tabular: {
        en: 'Not a tabular remedy: tabular models have no order of choices; re-weight the class scores instead.',
        zh: '这不是表格数据的方案：表格模型没有选项顺序；请改为对类别得分重新加权。',
      },
      llm: {
        en: 'Evaluate with k cyclic permutations of the options (k x the cost) and average the per-letter probabilities mapped back to the options; or estimate the letter prior on a few permuted questions and divide by it (PriDe).',
        zh: '用选项的 k 个循环置换做评估（成本乘以 k），把各字母的概率映射回选项后取平均；或在少量置换过的问题上估计字母先验并除以它（PriDe）。',
      },
    },
    steps: {
      en: [
        'Count the gold answers per letter: a benchmark whose answers are mostly one letter rewards a model biased towards it.',
        'Re-run the evaluation with the options permuted (cyclically, or at random per question with a fixed seed).',
        "Average each option's probability over the orders, then take the argmax; report accuracy per order and averaged.",
      ],
      zh: [
        '统计每个字母上的正确答案数：答案大多是同一字母的基准会奖励偏向该字母的模型。',
        '置换选项后重新运行评估（循环置换，或用固定种子对每题随机排列）。',
        '对每个选项在各种顺序上的概率取平均后再取最大值；报告每种顺序下和平均后的准确率。',
      ],
    },
    references: [ZHENG_2024, PEZESHKPOUR_2024],
  },
  {
    id: 'balance-few-shot',
    category: 'model',
    outcome: 'accuracy',
    title: { en: 'Balance the few-shot examples', zh: '平衡少样本示例' },
    summary: {
      en: 'Choose the in-context examples so that their gold answers cover the letters evenly and do not end on the same answer, and vary their order; a 0-shot prompt has no examples to anchor the answer format, so compare it with a balanced few-shot prompt.',
      zh: '选择上下文示例时，让它们的正确答案均匀覆盖各个字母、且最后几个不是同一答案，并变换它们的顺序；零样本提示没有示例来固定答案格式，应与平衡的少样本提示对比。',
    },
    when: {
      en: 'A prompted model (0-shot, or few-shot with unbalanced examples) favours one answer.',
      zh: '提示模型（零样本，或示例不平衡的少样本）偏爱某个答案。',
    },
    appliesTo: ['answer-bias/skew:*'],
    measuredBy: [],
    cost: 'low',
    seedTerms: ['偏差较大'],
    variants: {
      nlp: {
        en: 'For prompted classification, give each label the same number of demonstrations and shuffle their order.',
        zh: '对提示式分类，给每个标签相同数量的示例并打乱其顺序。',
      },
      vision: { en: 'For multimodal few-shot prompts, balance the answers of the example images.', zh: '对多模态少样本提示，平衡示例图像的答案。' },
      tabular: {
        en: 'Not a tabular remedy; for a trained tabular model, balance the classes of the training data instead.',
        zh: '这不是表格数据的方案；对训练好的表格模型，请改为平衡训练数据的类别。',
      },
      llm: {
        en: 'n-shot prompts with gold answers spread over A-D and a varied last answer; check the answer shares of the 0-shot and n-shot runs side by side.',
        zh: 'n-shot 提示中正确答案分布在 A-D 上，且最后一个示例的答案要有变化；并排比较零样本与 n-shot 运行的答案占比。',
      },
    },
    steps: {
      en: [
        'List the gold answers of the few-shot examples: they should cover every letter about equally.',
        'Vary the order of the examples over several prompts and report the spread of the accuracy.',
        'Compare the predicted answer shares with the gold shares for each prompt.',
      ],
      zh: [
        '列出少样本示例的正确答案：它们应大致均匀地覆盖每个字母。',
        '在多个提示中变换示例顺序，并报告准确率的波动。',
        '对每个提示比较预测答案的占比与正确答案的占比。',
      ],
    },
    references: [ZHAO_2021, LU_2022],
  },
];
