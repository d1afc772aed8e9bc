/** Remedies that act on the process (evaluation, monitoring, experiments). */
import type { CatalogueEntry } from './types.js';
import { DODGE_2020, BOUTHILLIER_2021, KOHAVI_2009, GAMA_2014 } from './references.js';

export const PROCESS_REMEDIES: CatalogueEntry[] = [
  {
    id: 'more-seeds',
    category: 'process',
    outcome: 'process',
    title: { en: 'Run more seeds before concluding', zh: '多跑几个种子再下结论' },
    summary: {
      en: 'With this much run-to-run spread, a difference between two configurations measured on one or two seeds may be noise: train more seeds and compare means with confidence intervals.',
      zh: '运行间波动这么大时,只用一两个种子测出的两种配置之间的差异可能只是噪声:多训练几个种子,用均值和置信区间进行比较。',
    },
    when: { en: 'The accuracy of the runs spreads widely, or some runs fail.', zh: '各次运行的准确率波动很大,或部分运行失败。' },
    appliesTo: ['seed-instability/accuracy-spread', 'seed-instability/failed-runs', 'comparison/no-detectable-difference', 'training-curves/seed-spread'],
    measuredBy: [],
    cost: 'medium',
    seedTerms: ['持续评估与迭代', '预测结果不稳定'],
    variants: {
      nlp: {
        en: 'Fine-tuning results vary strongly with the seed (weight initialisation and data order): use 5 or more seeds per configuration.',
        zh: '微调结果随种子(权重初始化与数据顺序)变化很大:每种配置至少使用 5 个种子。',
      },
      vision: {
        en: 'Vary the seed and the data order; report mean and interval, not the best run.',
        zh: '同时改变种子和数据顺序;报告均值和区间,而不是最好的那次运行。',
      },
      tabular: {
        en: 'Repeated cross-validation with different fold seeds gives the spread cheaply.',
        zh: '用不同折划分种子做重复交叉验证,可以低成本地得到波动范围。',
      },
      llm: {
        en: 'Repeat the evaluation with several sampling seeds (and prompt orders); report the interval.',
        zh: '用多个采样种子(以及提示顺序)重复评估;报告区间。',
      },
    },
    steps: {
      en: [
        'Decide the number of seeds from the measured spread: the confidence interval narrows with the square root of the number of runs.',
        'Vary every source of randomness (initialisation, data order, dropout) and record it.',
        'Compare configurations by mean with a confidence interval, or with a paired test across seeds; never by the best seed.',
      ],
      zh: [
        '根据测得的波动确定种子数量:置信区间的宽度随运行次数的平方根收窄。',
        '改变所有随机性来源(初始化、数据顺序、Dropout)并记录下来。',
        '按均值加置信区间、或按跨种子的配对检验比较各配置;绝不按最好的种子比较。',
      ],
    },
    forEvaluationRepeats: {
      title: { en: 'Repeat the evaluation before concluding', zh: '多重复几次评估再下结论' },
      summary: {
        en: 'The same evaluation run again gives another score: a difference between two models or prompts measured on one run may be noise. Repeat each evaluation several times and compare means with confidence intervals.',
        zh: '同一评估再跑一次就会得到另一个分数:只用一次运行测出的两个模型或提示之间的差异可能只是噪声。每个评估重复多次,用均值和置信区间进行比较。',
      },
      steps: {
        en: [
          'Decide the number of repeats from the measured spread: the confidence interval narrows with the square root of the number of runs.',
          'Record every source of variation between repeats (sampling temperature and seed, the order of few-shot examples and choices, the serving backend and its batch size).',
          'Compare models or prompts by mean with a confidence interval, or with a paired test across repeats; never by the best run.',
        ],
        zh: [
          '根据测得的波动确定重复次数:置信区间的宽度随运行次数的平方根收窄。',
          '记录重复之间的每一个变化来源(采样温度与种子、少样本示例和选项的顺序、推理后端及其批大小)。',
          '按均值加置信区间、或按跨重复的配对检验比较模型或提示;绝不按最好的一次运行比较。',
        ],
      },
    },
    references: [
      BOUTHILLIER_2021,
      DODGE_2020,
      {
        authors: 'Agarwal, R., Schwarzer, M., Castro, P. S., Courville, A., Bellemare, M. G.',
        year: 2021,
        title: 'Deep Reinforcement Learning at the Edge of the Statistical Precipice',
        venue: 'NeurIPS 2021',
      },
      {
        authors: 'Reimers, N., Gurevych, I.',
        year: 2017,
        title: 'Reporting Score Distributions Makes a Difference: Performance Study of LSTM-networks for Sequence Tagging',
        venue: 'EMNLP 2017',
      },
    ],
  },
  {
    id: 'monitor-drift',
    category: 'process',
    outcome: 'process',
    title: { en: 'Continuous evaluation and drift monitoring', zh: '持续评估与概念漂移监控' },
    summary: {
      en: 'Keep evaluating after deployment, per slice, and watch the input and label distributions for drift; feed the errors back into the data (the feedback loop).',
      zh: '部署后持续分切片评估,监控输入与标签分布的漂移;把错误样本反馈回数据中(反馈闭环)。',
    },
    when: {
      en: 'Errors concentrate in one split or period of the data, or an evaluation split differs in distribution from training (features, labels, text, embeddings, confidence).',
      zh: '错误集中在数据的某个划分或时间段,或某个评估划分的分布与训练数据不同(特征、标签、文本、嵌入、置信度)。',
    },
    appliesTo: ['slices', 'distribution-shift'],
    measuredBy: [],
    cost: 'medium',
    seedTerms: ['持续反馈循环', '持续评估', '概念漂移监控', '模型漂移', '闭环优化'],
    variants: {
      nlp: {
        en: 'Track vocabulary and topic shift (out-of-vocabulary rate, embedding distribution) and per-slice accuracy on fresh labelled samples.',
        zh: '跟踪词汇与主题的变化(未登录词比例、嵌入分布),并在新标注样本上跟踪各切片的准确率。',
      },
      vision: {
        en: 'Monitor image statistics and embedding drift per camera or site; re-label a sample of production images regularly.',
        zh: '按相机或站点监控图像统计量与嵌入漂移;定期重新标注一部分线上图像。',
      },
      tabular: {
        en: 'Population stability index or two-sample tests per feature, and the label rate over time.',
        zh: '对每个特征计算群体稳定性指数(PSI)或做双样本检验,并跟踪标签比例随时间的变化。',
      },
      llm: {
        en: 'Log prompts and graded outcomes; track the mix of request categories and the pass rate per category.',
        zh: '记录提示与评分结果;跟踪请求类别构成及各类别的通过率。',
      },
    },
    steps: {
      en: [
        'Record a reference distribution (inputs, predictions, labels) from the training data.',
        'Compare production windows against it with two-sample tests and per-slice metrics; alert on significant shifts.',
        'Label a sample of recent production data regularly, feed the errors back into training, and re-run this audit.',
      ],
      zh: [
        '从训练数据中记录参照分布(输入、预测、标签)。',
        '用双样本检验和逐切片指标把线上各时间窗口与参照分布比较;出现显著偏移时告警。',
        '定期标注近期的线上数据样本,把错误反馈到训练数据中,并重新运行本审计。',
      ],
    },
    references: [
      GAMA_2014,
      {
        authors: 'Rabanser, S., Günnemann, S., Lipton, Z. C.',
        year: 2019,
        title: 'Failing Loudly: An Empirical Study of Methods for Detecting Dataset Shift',
        venue: 'NeurIPS 2019',
      },
      {
        authors: 'Sculley, D., Holt, G., Golovin, D., Davydov, E., Phillips, T., Ebner, D., Chaudhary, V., Young, M., Crespo, J.-F., Dennison, D.',
        year: 2015,
        title: 'Hidden Technical Debt in Machine Learning Systems',
        venue: 'NeurIPS 2015',
      },
    ],
  },
  {
    id: 'ab-test',
    category: 'process',
    outcome: 'process',
    title: { en: 'Confirm improvements with A/B tests', zh: '用 A/B 测试验证改进效果' },
    summary: {
      en: 'Before adopting a change, compare it against the current model in a controlled experiment with enough traffic (or examples) to detect a difference larger than the run-to-run spread.',
      zh: '采用某项改动之前,先在对照实验中与当前模型比较,流量(或样本)要足以检测出大于运行间波动的差异。',
    },
    when: { en: 'Run-to-run spread is large enough to hide real differences between configurations.', zh: '运行间的波动大到足以掩盖配置之间的真实差异。' },
    appliesTo: ['seed-instability/accuracy-spread', 'comparison/no-detectable-difference', 'comparison/improvement'],
    measuredBy: [],
    // A controlled experiment with enough traffic costs more than training a few more seeds.
    cost: 'high',
    seedTerms: ['A/B测试', 'A/B 测试框架', '验证改进效果'],
    variants: {
      nlp: {
        en: 'Route a share of traffic to the candidate model; measure task success, not only offline accuracy.',
        zh: '把一部分流量分给候选模型;衡量任务成功率,而不只是离线准确率。',
      },
      vision: { en: 'Shadow-deploy the candidate and compare on the same inputs before switching.', zh: '先影子部署候选模型,在相同输入上比较后再切换。' },
      tabular: {
        en: 'Randomise at the entity level (user, account) and fix the sample size in advance from the minimum detectable effect.',
        zh: '在实体层面(用户、账户)随机分组,并根据最小可检测效应事先确定样本量。',
      },
      llm: {
        en: 'Pairwise comparisons on the same prompts (human or model judges) with a pre-registered number of items.',
        zh: '在相同提示上做成对比较(人工或模型评审),事先确定题目数量。',
      },
    },
    steps: {
      en: [
        'Define the success metric and the minimum effect worth detecting; compute the sample size.',
        'Randomise assignment, run for the planned duration, and do not stop early on a lucky peek.',
        'Adopt the change only if the interval of the difference excludes zero.',
      ],
      zh: [
        '定义成功指标和值得检测的最小效应;计算所需样本量。',
        '随机分配,按计划时长运行,不要因为偶然看到好结果就提前停止。',
        '只有当差异的置信区间不包含零时才采用改动。',
      ],
    },
    references: [
      KOHAVI_2009,
      {
        authors: 'Kohavi, R., Tang, D., Xu, Y.',
        year: 2020,
        title: 'Trustworthy Online Controlled Experiments: A Practical Guide to A/B Testing',
        venue: 'Cambridge University Press',
      },
    ],
  },
];
