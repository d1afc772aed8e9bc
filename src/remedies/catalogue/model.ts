/** Remedies that act on the model (architecture, ensembles, distillation, calibration). */
import type { CatalogueEntry } from './types.js';
import { HINTON_2015, LAKSHMINARAYANAN_2017, GUO_2017 } from './references.js';

export const MODEL_REMEDIES: CatalogueEntry[] = [
  {
    id: 'architecture',
    category: 'model',
    outcome: 'accuracy',
    title: { en: 'Architecture changes', zh: '模型架构改进' },
    summary: {
      en: 'Change the model itself (e.g. relative position encodings in attention, a larger or different backbone). Nothing in these inputs measures what it would gain, so try it after the data and training remedies, and measure over several seeds.',
      zh: '修改模型本身(如在注意力中引入相对位置编码、更大或不同的主干网络)。本工具的输入无法测量其收益,因此应在数据和训练方面的方案之后尝试,并在多个种子下测量。',
    },
    when: { en: 'Never triggered by a finding: no check here measures model capacity.', zh: '不会由任何发现触发:这里没有检查能衡量模型容量。' },
    appliesTo: [],
    measuredBy: [],
    cost: 'high',
    seedTerms: ['模型架构改进', '相对位置编码', '改进注意力'],
    variants: {
      nlp: {
        en: 'Relative position representations, longer context, or a larger pre-trained encoder.',
        zh: '相对位置表示、更长的上下文,或更大的预训练编码器。',
      },
      vision: {
        en: 'A stronger backbone (e.g. a newer CNN or a vision transformer) pre-trained at scale.',
        zh: '在大规模数据上预训练的更强主干(如更新的 CNN 或视觉 Transformer)。',
      },
      tabular: {
        en: 'Gradient-boosted trees usually beat deep networks on tables; compare before investing in an architecture.',
        zh: '在表格数据上梯度提升树通常优于深度网络;投入架构改进之前先对比。',
      },
      llm: { en: 'A larger or newer base model; compare at equal fine-tuning data and seeds.', zh: '更大或更新的基座模型;在相同微调数据和种子下比较。' },
    },
    steps: {
      en: [
        'Fix the data and training issues the audit found first; they confound architecture comparisons.',
        'Change one component at a time and compare over several seeds with a confidence interval.',
      ],
      zh: ['先修复审计发现的数据和训练问题;它们会干扰架构之间的比较。', '每次只改动一个组件,在多个种子下带置信区间进行比较。'],
    },
    references: [
      { authors: 'Shaw, P., Uszkoreit, J., Vaswani, A.', year: 2018, title: 'Self-Attention with Relative Position Representations', venue: 'NAACL-HLT 2018' },
      {
        authors: 'Vaswani, A., Shazeer, N., Parmar, N., Uszkoreit, J., Jones, L., Gomez, A. N., Kaiser, Ł., Polosukhin, I.',
        year: 2017,
        title: 'Attention Is All You Need',
        venue: 'NeurIPS 2017',
      },
      {
        authors: 'Grinsztajn, L., Oyallon, E., Varoquaux, G.',
        year: 2022,
        title: 'Why Do Tree-Based Models Still Outperform Deep Learning on Typical Tabular Data?',
        venue: 'NeurIPS 2022 Datasets and Benchmarks Track',
      },
    ],
  },
  {
    id: 'ensemble',
    category: 'model',
    outcome: 'accuracy',
    title: { en: 'Ensemble the runs', zh: '集成多次运行的模型' },
    summary: {
      en: 'Average the predicted probabilities of several independently trained runs (or vote): it removes much of the seed-to-seed variance, usually raises accuracy and improves calibration, at k times the inference cost.',
      zh: '对多次独立训练的模型的预测概率取平均(或投票):能消除大部分种子间方差,通常提高准确率并改善校准,代价是推理开销变为 k 倍。',
    },
    when: {
      en: 'Predictions differ across seeds, and the ensemble of the runs measurably beats the mean single run.',
      zh: '不同种子的预测不一致,且多次运行的集成在测量上优于单次运行的平均水平。',
    },
    appliesTo: ['seed-instability/churn', 'seed-instability/ensemble-gain', 'seed-instability/accuracy-spread', 'comparison/negative-flips'],
    measuredBy: ['ensembleGain'],
    cost: 'medium',
    seedTerms: ['集成学习', 'Ensemble Methods'],
    variants: {
      nlp: {
        en: 'Average the softmax outputs of fine-tuned models from different seeds; checkpoint averaging or weight averaging of fine-tuned models is a cheaper alternative.',
        zh: '对不同种子微调出的模型的 softmax 输出取平均;检查点平均或微调模型的权重平均是更省的替代方案。',
      },
      vision: {
        en: 'Average the probabilities of seeds (deep ensembles); test-time augmentation adds a cheap second ensemble.',
        zh: '对多个种子的概率取平均(深度集成);测试时增强可作为额外的低成本集成。',
      },
      tabular: {
        en: 'Average or stack models with different seeds or learners (boosted trees, linear); bagging already does this inside random forests.',
        zh: '对不同种子或不同学习器(提升树、线性模型)取平均或做堆叠;随机森林内部的 bagging 本身就是集成。',
      },
      llm: {
        en: 'Self-consistency: sample several answers and take the majority; or vote across fine-tuned checkpoints.',
        zh: '自洽性(self-consistency):采样多个答案取多数;或在多个微调检查点之间投票。',
      },
    },
    steps: {
      en: [
        'Keep the k runs you already have (seeds you trained, or repeated evaluations of a prompted model); average their probabilities (or take a majority vote of their answers).',
        'Evaluate the ensemble on the same split against the mean single run (when seed-instability ran, its ensemble-gain metric is that comparison, measured).',
        'If k-fold inference is too expensive, distil the ensemble into one model (see distill).',
      ],
      zh: [
        '保留已有的 k 次运行(训练好的各个种子,或对提示模型的重复评估);对它们的概率取平均(或对答案做多数投票)。',
        '在同一评估集上把集成与单次运行的平均水平比较(若运行了 seed-instability,其集成收益指标就是这一比较的实测值)。',
        '如果 k 倍推理开销太大,把集成蒸馏成单个模型(见 distill)。',
      ],
    },
    forEvaluationRepeats: {
      title: { en: 'Take the majority answer of repeated evaluations (self-consistency)', zh: '对重复评估取多数答案(自洽性)' },
      summary: {
        en: "Ask the model the same item several times (the repeats you already have, or more samples) and keep the answer most of them give: it removes much of the run-to-run variance of a prompted model's answers, at k times the inference cost.",
        zh: '对同一道题多次询问模型(用已有的重复评估,或再多采样几次),保留多数回答给出的答案:能消除提示模型答案的大部分运行间波动,代价是推理开销变为 k 倍。',
      },
      steps: {
        en: [
          'Keep the k repeated evaluations you have (or sample k answers per item at the same temperature); take the majority answer per item, or average the choice probabilities.',
          'Score the majority answer on the same items against the mean single run (when seed-instability ran, its ensemble-gain metric is that comparison, measured).',
          'If k answers per item are too expensive, lower the sampling temperature and check the spread again.',
        ],
        zh: [
          '保留已有的 k 次重复评估(或在同一温度下对每道题采样 k 个答案);对每道题取多数答案,或对选项概率取平均。',
          '在同一批题目上把多数答案与单次运行的平均水平比较(若运行了 seed-instability,其集成收益指标就是这一比较的实测值)。',
          '如果每题 k 个答案的开销太大,降低采样温度后再检查波动。',
        ],
      },
    },
    references: [
      LAKSHMINARAYANAN_2017,
      {
        authors: 'Dietterich, T. G.',
        year: 2000,
        title: 'Ensemble Methods in Machine Learning',
        venue: 'Multiple Classifier Systems (MCS 2000), LNCS 1857, Springer',
      },
      {
        authors: 'Wang, X., Wei, J., Schuurmans, D., Le, Q., Chi, E., Narang, S., Chowdhery, A., Zhou, D.',
        year: 2023,
        title: 'Self-Consistency Improves Chain of Thought Reasoning in Language Models',
        venue: 'ICLR 2023',
      },
      {
        authors: 'Ovadia, Y., Fertig, E., Ren, J., Nado, Z., Sculley, D., Nowozin, S., Dillon, J. V., Lakshminarayanan, B., Snoek, J.',
        year: 2019,
        title: "Can You Trust Your Model's Uncertainty? Evaluating Predictive Uncertainty Under Dataset Shift",
        venue: 'NeurIPS 2019',
      },
    ],
  },
  {
    id: 'distill',
    category: 'model',
    outcome: 'accuracy',
    title: { en: 'Distil the ensemble into one model', zh: '知识蒸馏:把集成压缩为单个模型' },
    summary: {
      en: "Train a single student on the soft predictions of the ensemble (the teacher): it keeps much of the ensemble's accuracy and stability at the inference cost of one model.",
      zh: '用集成(教师)的软预测训练一个学生模型:以单个模型的推理开销保留集成的大部分准确率和稳定性。',
    },
    when: {
      en: 'An ensemble of the runs beats a single run, but serving k models is too expensive.',
      zh: '多次运行的集成优于单次运行,但部署 k 个模型开销太大。',
    },
    appliesTo: ['seed-instability/churn', 'seed-instability/ensemble-gain'],
    measuredBy: ['ensembleGain'],
    cost: 'high',
    seedTerms: ['知识蒸馏', 'Teacher-Student架构', '轻量级模型'],
    variants: {
      nlp: {
        en: "Distil into a smaller encoder with the teacher's soft labels (DistilBERT-style); include unlabelled in-domain text in the transfer set.",
        zh: '用教师的软标签蒸馏到更小的编码器(类似 DistilBERT);转移数据集中可加入无标注的领域内文本。',
      },
      vision: {
        en: 'Soft-label distillation with a temperature; augmentations on the transfer set matter.',
        zh: '带温度的软标签蒸馏;转移数据集上的数据增强很重要。',
      },
      tabular: {
        en: "Fit one model (e.g. a single boosted model) to the ensemble's averaged probabilities.",
        zh: '用单个模型(如单个提升树模型)拟合集成的平均概率。',
      },
      llm: {
        en: "Generate the teacher's (or the majority-voted) answers on a prompt set and fine-tune the student on them.",
        zh: '在一组提示上生成教师(或多数投票)的答案,并用它们微调学生模型。',
      },
    },
    steps: {
      en: [
        'Build the teacher: the ensemble of the runs (averaged probabilities).',
        "Train the student on the teacher's soft targets (temperature 2 to 5) plus the true labels.",
        "Check that the student keeps most of the ensemble's measured gain, over several student seeds.",
      ],
      zh: [
        '构建教师:多次运行的集成(平均概率)。',
        '用教师的软目标(温度 2 到 5)加真实标签训练学生模型。',
        '在多个学生种子下确认学生保留了集成所测收益的大部分。',
      ],
    },
    references: [
      HINTON_2015,
      { authors: 'Buciluǎ, C., Caruana, R., Niculescu-Mizil, A.', year: 2006, title: 'Model Compression', venue: 'KDD 2006' },
      {
        authors: 'Sanh, V., Debut, L., Chaumond, J., Wolf, T.',
        year: 2019,
        title: 'DistilBERT, a Distilled Version of BERT: Smaller, Faster, Cheaper and Lighter',
        venue: 'NeurIPS 2019 EMC2 Workshop (arXiv:1910.01108)',
      },
    ],
  },
  {
    id: 'calibrate',
    category: 'model',
    outcome: 'probability',
    title: { en: 'Calibrate the probabilities (temperature scaling)', zh: '概率校准(温度缩放)' },
    summary: {
      en: 'Fit one temperature (or Platt / isotonic scaling) on a validation split so that confidence matches accuracy; it leaves the predicted class unchanged and fixes over- or under-confidence.',
      zh: '在验证集上拟合一个温度参数(或 Platt / 保序回归缩放),使置信度与准确率一致;预测类别保持不变,修正过度或不足的自信。',
    },
    when: { en: 'The expected calibration error is large.', zh: '期望校准误差(ECE)较大。' },
    appliesTo: ['calibration'],
    measuredBy: ['calibrationError'],
    cost: 'low',
    seedTerms: ['持续评估', '预测结果不稳定'],
    variants: {
      nlp: { en: 'Temperature scaling of the classifier logits on the validation split.', zh: '在验证集上对分类器 logits 做温度缩放。' },
      vision: {
        en: 'Temperature scaling; label smoothing or mixup during training also reduce over-confidence.',
        zh: '温度缩放;训练时使用标签平滑或 mixup 也能减轻过度自信。',
      },
      tabular: {
        en: 'Platt scaling or isotonic regression on a held-out fold (isotonic needs more data).',
        zh: '在留出折上做 Platt 缩放或保序回归(保序回归需要更多数据)。',
      },
      llm: {
        en: 'Calibrate answer-token probabilities or verbalised confidence on a labelled set; self-consistency agreement is a usable confidence.',
        zh: '在有标注的数据集上校准答案词元的概率或模型口头表达的置信度;自洽性的一致率可作为置信度使用。',
      },
    },
    steps: {
      en: [
        'Hold out a validation split that is not used for early stopping or model selection.',
        'Fit the temperature by minimising the negative log-likelihood of the validation labels.',
        'Report ECE and Brier score before and after, on the test split.',
      ],
      zh: ['留出一个不用于早停或模型选择的验证集。', '通过最小化验证集标签的负对数似然来拟合温度参数。', '在测试集上报告校准前后的 ECE 与 Brier 分数。'],
    },
    references: [
      GUO_2017,
      {
        authors: 'Platt, J. C.',
        year: 1999,
        title: 'Probabilistic Outputs for Support Vector Machines and Comparisons to Regularized Likelihood Methods',
        venue: 'Advances in Large Margin Classifiers, MIT Press',
      },
      {
        authors: 'Naeini, M. P., Cooper, G. F., Hauskrecht, M.',
        year: 2015,
        title: 'Obtaining Well Calibrated Probabilities Using Bayesian Binning',
        venue: 'AAAI 2015',
      },
      LAKSHMINARAYANAN_2017,
    ],
  },
  {
    id: 'early-exit',
    category: 'model',
    outcome: 'process',
    title: { en: 'Dynamic inference with early exit', zh: '动态推理(Early Exit 机制)' },
    summary: {
      en: 'Let easy inputs leave the network at an intermediate layer. It saves inference time rather than raising accuracy, so no finding here calls for it.',
      zh: '让简单输入在中间层提前退出网络。它节省的是推理时间而不是提升准确率,因此这里没有发现会触发它。',
    },
    when: {
      en: 'Never triggered by a finding: it trades accuracy for speed, and nothing here measures speed.',
      zh: '不会由任何发现触发:它用准确率换速度,而这里不测量速度。',
    },
    appliesTo: [],
    measuredBy: [],
    cost: 'medium',
    seedTerms: ['动态推理', 'Early Exit机制', '推理优化'],
    variants: {
      nlp: {
        en: 'Classifier heads after intermediate transformer layers with an entropy threshold (DeeBERT).',
        zh: '在 Transformer 中间层后添加分类头,按熵阈值提前退出(DeeBERT)。',
      },
      vision: { en: 'Side branches with confidence thresholds (BranchyNet).', zh: '带置信度阈值的旁路分支(BranchyNet)。' },
      tabular: { en: 'A cascade: a cheap model first, the expensive one only for uncertain rows.', zh: '级联:先用廉价模型,仅对不确定的行调用昂贵模型。' },
      llm: {
        en: 'Early exit or speculative decoding for latency; check accuracy on the hard slice after enabling it.',
        zh: '为降低延迟采用提前退出或投机解码;启用后检查困难切片上的准确率。',
      },
    },
    steps: {
      en: [
        'Add exits and pick thresholds on validation data for a target accuracy loss.',
        'Re-run this audit on the early-exit predictions: slices of hard inputs lose most.',
      ],
      zh: ['添加退出分支,并在验证集上按可接受的准确率损失选择阈值。', '用提前退出后的预测重新运行本审计:困难输入的切片损失最大。'],
    },
    references: [
      {
        authors: 'Teerapittayanon, S., McDanel, B., Kung, H. T.',
        year: 2016,
        title: 'BranchyNet: Fast Inference via Early Exiting from Deep Neural Networks',
        venue: 'ICPR 2016',
      },
      {
        authors: 'Xin, J., Tang, R., Lee, J., Yu, Y., Lin, J.',
        year: 2020,
        title: 'DeeBERT: Dynamic Early Exiting for Accelerating BERT Inference',
        venue: 'ACL 2020',
      },
    ],
  },
];
