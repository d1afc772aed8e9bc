/** Remedies that act on the data (cleaning, labels, balance, coverage). */
import type { CatalogueEntry } from './types.js';
import { NORTHCUTT_2021, LEE_2022, CHAWLA_2002, CHEN_2018, SENNRICH_2016, ZHANG_2018, XIE_2023, GURURANGAN_2020 } from './references.js';

export const DATA_REMEDIES: CatalogueEntry[] = [
  {
    id: 'deduplicate',
    category: 'data',
    outcome: 'accuracy',
    title: { en: 'Remove duplicates and near-duplicates', zh: '数据清洗:去除重复与近似重复' },
    summary: {
      en: 'Drop repeated rows (keep one per group) so that no example counts twice in training or evaluation, and so that the evaluation measures generalisation instead of memory.',
      zh: '删除重复样本(每组保留一条),避免同一样本在训练或评估中被重复计数,使评估衡量的是泛化能力而不是记忆。',
    },
    when: {
      en: 'Exact or near-duplicate rows were found.',
      zh: '发现了完全重复或近似重复的样本。',
    },
    appliesTo: ['duplicates/exact-duplicates', 'near-duplicates'],
    measuredBy: ['proxyDeduplicate', 'duplicateShare', 'nearDuplicateShare'],
    cost: 'low',
    seedTerms: ['数据清洗', '去重', '去噪'],
    variants: {
      nlp: {
        en: 'Normalise Unicode (NFC), case and whitespace before comparing; MinHash + LSH over character or word n-grams finds near-duplicates at scale.',
        zh: '比较前先做 Unicode(NFC)、大小写与空白归一化;用字符或词 n-gram 上的 MinHash + LSH 在大规模数据中查找近似重复。',
      },
      vision: {
        en: 'Compare perceptual hashes or embedding distances to catch resized, re-encoded or cropped copies of the same image.',
        zh: '用感知哈希或嵌入向量距离找出经过缩放、重新编码或裁剪的同一张图片。',
      },
      tabular: {
        en: 'Key duplicates on the feature columns (not the id or the label); rows repeated by a join or an export are the usual cause.',
        zh: '以特征列(而非 id 或标签)判断重复;表连接或导出时产生的重复行最常见。',
      },
      llm: {
        en: 'Deduplicate prompts and training documents at the substring or MinHash level; repeated documents are memorised and inflate benchmark scores.',
        zh: '在子串或 MinHash 级别对提示词和训练文档去重;重复文档会被模型记忆并虚高基准分数。',
      },
    },
    steps: {
      en: [
        'Export the flagged rows (--export DIR) and look at a sample of each group to confirm they are true duplicates.',
        'Keep one row per exact-duplicate group (the cleaned copy does this) and one per near-duplicate cluster unless the variants are intended.',
        'Run the deduplication before the train/test split, so that copies cannot end up on both sides.',
        'Retrain and re-evaluate; expect the evaluation score to drop slightly if duplicates had inflated it.',
      ],
      zh: [
        '导出被标记的行(--export DIR),抽查每组样本,确认它们确实是重复的。',
        '每个完全重复组保留一行(导出的清洗副本已这样做);除非变体是有意为之,每个近似重复簇也只保留一行。',
        '在划分训练集/测试集之前去重,避免副本同时出现在两边。',
        '重新训练并评估;如果重复样本曾虚高分数,评估分数可能略有下降。',
      ],
    },
    references: [
      LEE_2022,
      { authors: 'Allamanis, M.', year: 2019, title: 'The Adverse Effects of Code Duplication in Machine Learning Models of Code', venue: 'Onward! 2019' },
      { authors: 'Barz, B., Denzler, J.', year: 2020, title: 'Do We Train on Test Data? Purging CIFAR of Near-Duplicates', venue: 'Journal of Imaging 6(6)' },
      { authors: 'Broder, A. Z.', year: 1997, title: 'On the Resemblance and Containment of Documents', venue: 'Compression and Complexity of Sequences 1997' },
    ],
  },
  {
    id: 'relabel',
    category: 'data',
    outcome: 'accuracy',
    title: { en: 'Relabel likely label errors (crowd plus expert review)', zh: '重新标注疑似错误标签(众包 + 专家复核)' },
    summary: {
      en: 'Have the rows whose given label disagrees with confident out-of-sample predictions, or with their duplicates, reviewed and corrected; wrong labels both mislead training and mis-measure accuracy.',
      zh: '对给定标签与样本外高置信预测(或与其重复样本)不一致的行进行复核和修正;错误标签既误导训练,也使准确率测不准。',
    },
    when: {
      en: "Confident learning flags likely mislabelled rows, duplicate rows carry conflicting labels, or a row's nearest neighbours in embedding space mostly carry another label.",
      zh: '置信学习标记出疑似错标的行,重复样本带有相互矛盾的标签,或某行在嵌入空间中的最近邻大多带有另一个标签。',
    },
    appliesTo: [
      'label-noise/mislabelled-rows',
      'conflicting-labels',
      'embeddings/neighbour-label-disagreement',
      'performance/confused-pair:*',
      'training-dynamics/low-margin',
      'training-dynamics/hard-to-learn',
      'training-dynamics/never-learned',
    ],
    measuredBy: ['proxyRelabel', 'labelIssueShare', 'conflictShare', 'lowMarginShare'],
    cost: 'medium',
    seedTerms: ['数据标注质量提升', '众包+专家复核', '错误标注'],
    variants: {
      nlp: {
        en: 'Give annotators the guideline and the model\'s suggested label side by side; adjudicate disagreements with an expert; ambiguous texts may deserve a separate "unclear" label.',
        zh: '向标注员同时展示标注规范和模型建议的标签;分歧交由专家裁决;含义模糊的文本可单设“不确定”标签。',
      },
      vision: {
        en: 'Review flagged images in a grid grouped by given and suggested class; fix boxes or masks as well as classes.',
        zh: '按给定类别与建议类别分组,以网格形式复核被标记的图片;除类别外也修正框或掩码。',
      },
      tabular: {
        en: 'Trace flagged labels back to their source system (manual entry, rule, join) and fix the cause, not only the rows.',
        zh: '把被标记的标签追溯到来源系统(人工录入、规则、表连接),修复根因而不仅是这些行。',
      },
      llm: {
        en: 'Re-check the reference answers and the grader: exact-match scoring marks paraphrases wrong; have experts review the items every run fails.',
        zh: '复查参考答案和评分器:精确匹配会把同义改写判错;让专家审查所有运行都答错的题目。',
      },
    },
    steps: {
      en: [
        'Export the flagged rows, ranked by label quality (most likely error first).',
        "Have each row reviewed by two or more annotators (crowd) with an expert resolving disagreements; measure agreement (e.g. Cohen's kappa) on a sample.",
        'Correct the labels at the source; for rows that stay ambiguous, drop them or give them a separate label.',
        'Re-evaluate on the corrected evaluation split: the measured accuracy changes even before retraining.',
        'Retrain on the corrected training split, or prune the flagged rows (--export-drop-label-issues) if relabelling is too costly.',
      ],
      zh: [
        '导出被标记的行,按标签质量排序(最可能出错的在前)。',
        "每行由两名以上标注员(众包)复核,分歧由专家裁决;在抽样上度量一致性(如 Cohen's kappa)。",
        '在数据源头修正标签;仍有歧义的行可删除或单独标注。',
        '在修正后的评估集上重新评估:即使不重新训练,测得的准确率也会变化。',
        '用修正后的训练集重新训练;若重新标注成本太高,可剔除被标记的行(--export-drop-label-issues)。',
      ],
    },
    references: [
      NORTHCUTT_2021,
      {
        authors: 'Northcutt, C. G., Athalye, A., Mueller, J.',
        year: 2021,
        title: 'Pervasive Label Errors in Test Sets Destabilize Machine Learning Benchmarks',
        venue: 'NeurIPS 2021 Datasets and Benchmarks Track',
      },
      {
        authors: "Snow, R., O'Connor, B., Jurafsky, D., Ng, A. Y.",
        year: 2008,
        title: 'Cheap and Fast - But is it Good? Evaluating Non-Expert Annotations for Natural Language Tasks',
        venue: 'EMNLP 2008',
      },
      {
        authors: 'Dawid, A. P., Skene, A. M.',
        year: 1979,
        title: 'Maximum Likelihood Estimation of Observer Error-Rates Using the EM Algorithm',
        venue: 'Journal of the Royal Statistical Society, Series C 28(1)',
      },
    ],
  },
  {
    id: 'fix-leakage',
    category: 'data',
    outcome: 'honesty',
    title: { en: 'Remove train/evaluation leakage', zh: '消除训练集与评估集之间的数据泄漏' },
    summary: {
      en: 'Evaluation rows that also appear in training are scored on memory, not generalisation: remove them from the evaluation split (or from training) and split by group so that copies cannot cross.',
      zh: '同时出现在训练集中的评估样本考查的是记忆而非泛化:把它们从评估集(或训练集)中移除,并按组划分数据,使副本无法跨越划分。',
    },
    when: { en: 'Evaluation rows duplicate (exactly or nearly) training rows.', zh: '评估集中的样本与训练集样本完全或近似重复。' },
    appliesTo: ['leakage', 'slices/target-proxy'],
    measuredBy: ['leakedShare'],
    cost: 'low',
    seedTerms: ['数据清洗', '持续评估'],
    variants: {
      nlp: {
        en: 'Split by source document, author or thread rather than by sentence; templated texts leak across random splits.',
        zh: '按来源文档、作者或帖子划分,而不是按句子;模板化文本在随机划分中容易泄漏。',
      },
      vision: {
        en: 'Split by subject, patient, scene or video, not by frame; near-identical frames leak.',
        zh: '按拍摄对象、病人、场景或视频划分,而不是按帧;几乎相同的帧会泄漏。',
      },
      tabular: {
        en: 'Split by entity (customer, patient) and by time; drop features computed with information from after the prediction time.',
        zh: '按实体(客户、病人)和时间划分;删除使用了预测时点之后信息计算出的特征。',
      },
      llm: {
        en: 'Check benchmark items for contamination in the pre-training and fine-tuning corpora (n-gram overlap); report scores on a decontaminated subset.',
        zh: '用 n-gram 重叠检查基准题目是否混入预训练和微调语料;在去污染的子集上报告分数。',
      },
    },
    steps: {
      en: [
        'Export the leaked pairs (--export DIR) and confirm a sample.',
        'Remove the leaked rows from the evaluation split (the cleaned copy does this) and report the score on the clean split beside the old one.',
        'Re-split with a group key (document, user, patient, time) so that related rows stay on one side.',
        'Add this audit to CI so that new leakage fails the build.',
      ],
      zh: [
        '导出泄漏的样本对(--export DIR)并抽查确认。',
        '把泄漏的行从评估集中移除(导出的清洗副本已这样做),并将干净评估集上的分数与原分数并列报告。',
        '按分组键(文档、用户、病人、时间)重新划分,使相关样本只出现在一侧。',
        '把本审计加入 CI,出现新的泄漏时让构建失败。',
      ],
    },
    references: [
      {
        authors: 'Kapoor, S., Narayanan, A.',
        year: 2023,
        title: 'Leakage and the Reproducibility Crisis in Machine-Learning-Based Science',
        venue: 'Patterns 4(9)',
      },
      {
        authors: 'Kaufman, S., Rosset, S., Perlich, C., Stitelman, O.',
        year: 2012,
        title: 'Leakage in Data Mining: Formulation, Detection, and Avoidance',
        venue: 'ACM Transactions on Knowledge Discovery from Data 6(4)',
      },
      {
        authors: 'Lewis, P., Stenetorp, P., Riedel, S.',
        year: 2021,
        title: 'Question and Answer Test-Train Overlap in Open-Domain Question Answering Datasets',
        venue: 'EACL 2021',
      },
      LEE_2022,
    ],
  },
  {
    id: 'fix-evaluation-labels',
    category: 'data',
    outcome: 'honesty',
    title: { en: 'Fix the evaluation labels', zh: '修正评估集的标签' },
    summary: {
      en: 'Likely label errors among the evaluation rows do not change what the model learns; they change what its accuracy is measured to be. Review them so that the score you report, and every comparison made on it, is right.',
      zh: '评估集中的疑似标签错误不会改变模型学到的东西,却会改变测得的准确率。复核这些标签,使报告的分数以及基于它的每一次比较都是准确的。',
    },
    when: {
      en: 'Confident learning flags rows of an evaluation split (validation, test) as likely mislabelled, or identical benchmark items carry different gold answers.',
      zh: '置信学习把评估划分(验证集、测试集)中的行标记为疑似标签错误,或内容相同的基准题带有不同的参考答案。',
    },
    appliesTo: ['label-noise/mislabelled-rows', 'conflicting-labels/conflicting-gold'],
    measuredBy: ['evaluationLabelIssues', 'conflictingGold'],
    cost: 'medium',
    seedTerms: ['数据标注质量提升', '专家复核', '持续评估'],
    variants: {
      nlp: {
        en: 'Have two annotators re-read the flagged evaluation texts with the guideline; publish the corrected split beside the old score.',
        zh: '让两名标注员对照标注规范重读被标记的评估文本;在旧分数旁公布修正后的评估集。',
      },
      vision: {
        en: 'Re-check the flagged evaluation images (and their boxes) with an expert before comparing models on them.',
        zh: '在用它们比较模型之前,请专家复查被标记的评估图片(及其标注框)。',
      },
      tabular: {
        en: 'Trace each flagged evaluation label to its source record; outcomes recorded later may differ from the label at prediction time.',
        zh: '把每个被标记的评估标签追溯到源记录;事后记录的结果可能与预测时的标签不同。',
      },
      llm: {
        en: 'Re-check the reference answers of the flagged items and the grader (exact match marks paraphrases wrong).',
        zh: '复查被标记题目的参考答案以及评分器(精确匹配会把同义改写判错)。',
      },
    },
    steps: {
      en: [
        'Export the flagged rows (--export DIR) and keep those of the evaluation split.',
        "Have each reviewed by two annotators, an expert resolving disagreements; do not show them the model's prediction first.",
        'Report accuracy on the corrected evaluation split beside the old figure; re-run earlier comparisons that used it.',
      ],
      zh: [
        '导出被标记的行(--export DIR),保留属于评估划分的行。',
        '每行由两名标注员复核,分歧由专家裁决;不要先给他们看模型的预测。',
        '在旧数字旁报告修正后评估集上的准确率;重新进行此前基于它的比较。',
      ],
    },
    references: [
      {
        authors: 'Northcutt, C. G., Athalye, A., Mueller, J.',
        year: 2021,
        title: 'Pervasive Label Errors in Test Sets Destabilize Machine Learning Benchmarks',
        venue: 'NeurIPS 2021 Datasets and Benchmarks Track',
      },
      NORTHCUTT_2021,
    ],
  },
  {
    id: 'clean-missing',
    category: 'data',
    outcome: 'accuracy',
    title: { en: 'Clean missing values and column types', zh: '清理缺失值与列类型问题' },
    summary: {
      en: "Fill, flag or drop missing cells deliberately, fix columns that mix numbers and text, and drop constant columns, instead of leaving it to each library's defaults.",
      zh: '有意识地填补、标记或删除缺失值,修正数字与文本混杂的列,删除常量列,而不是交给各个库的默认行为处理。',
    },
    when: {
      en: 'Columns have missing cells, mixed value types or a single value; rows have no label.',
      zh: '列中存在缺失值、混合类型或只有单一取值;有样本缺少标签。',
    },
    appliesTo: ['missing-values'],
    measuredBy: [],
    cost: 'low',
    seedTerms: ['数据清洗', '去噪'],
    variants: {
      nlp: {
        en: 'Empty or placeholder texts ("N/A", "null") should be removed or labelled as such, not fed to the model as words.',
        zh: '空文本或占位文本("N/A"、"null")应删除或单独标注,而不是作为词语输入模型。',
      },
      vision: {
        en: 'Rows whose image file is missing or unreadable should be dropped and counted, not silently skipped by the loader.',
        zh: '图片文件缺失或无法读取的行应删除并计数,而不是被数据加载器悄悄跳过。',
      },
      tabular: {
        en: 'Impute with statistics from the training split only (or multiple imputation), add a missing-indicator column, and parse numbers stored as text.',
        zh: '仅用训练集的统计量插补(或多重插补),增加“是否缺失”指示列,并把以文本存储的数字解析为数值。',
      },
      llm: {
        en: 'Examples without a reference answer cannot be scored: complete or remove them before comparing runs.',
        zh: '没有参考答案的样本无法评分:在比较各次运行之前补全或删除它们。',
      },
    },
    steps: {
      en: [
        'List the columns with missing cells and decide per column: drop, impute, or keep with an indicator.',
        'Label or remove the rows without a label; they are excluded from every label-based metric.',
        'Fix mixed-type columns at the source (stray markers such as "?" or "-").',
        'Fit imputation on the training split only, then apply it to the other splits.',
      ],
      zh: [
        '列出含缺失值的列,逐列决定:删除、插补,或保留并加指示列。',
        '为缺少标签的行补标或删除它们;这些行被排除在所有基于标签的指标之外。',
        '在数据源头修正混合类型的列(例如 "?" 或 "-" 之类的杂散标记)。',
        '只在训练集上拟合插补,再应用到其他划分。',
      ],
    },
    references: [
      { authors: 'Little, R. J. A., Rubin, D. B.', year: 2019, title: 'Statistical Analysis with Missing Data (3rd edition)', venue: 'Wiley' },
      {
        authors: 'van Buuren, S., Groothuis-Oudshoorn, K.',
        year: 2011,
        title: 'mice: Multivariate Imputation by Chained Equations in R',
        venue: 'Journal of Statistical Software 45(3)',
      },
    ],
  },
  {
    id: 'validate-inputs',
    category: 'data',
    outcome: 'process',
    title: { en: 'Repair the input files and their joins', zh: '修复输入文件及其关联' },
    summary: {
      en: 'Rows with the wrong number of fields, repeated headers and predictions that join to no data row mean the audit, and probably the training code, read something other than intended.',
      zh: '字段数不对的行、重复的表头、无法与数据行关联的预测,说明审计(很可能还有训练代码)读到的并不是预期的数据。',
    },
    when: {
      en: 'The input-integrity check found ragged rows, repeated headers, unmatched predictions or uneven run coverage, or rows lie far from all others in embedding space (outliers).',
      zh: '输入完整性检查发现了字段数不齐的行、重复表头、无法关联的预测或各次运行覆盖不一致,或有行在嵌入空间中远离其他所有行(离群)。',
    },
    appliesTo: ['input-integrity', 'seed-instability/partial-coverage', 'embeddings/outliers'],
    measuredBy: [],
    cost: 'low',
    seedTerms: ['数据清洗', '持续评估'],
    variants: {
      nlp: {
        en: 'Unquoted commas and newlines inside texts are the usual cause of ragged rows: write CSV with a real CSV writer, or use JSONL.',
        zh: '文本中未加引号的逗号和换行是字段数不齐的常见原因:用正规的 CSV 写入器输出,或改用 JSONL。',
      },
      vision: {
        en: 'Check that every prediction id maps to an image in the manifest, and that the manifest and the predictions come from the same dataset version.',
        zh: '检查每个预测 id 都能对应清单中的一张图片,且清单与预测来自同一数据集版本。',
      },
      tabular: {
        en: 'Validate the schema (column names, count, types) at every export, e.g. with a data-validation step in the pipeline.',
        zh: '每次导出时校验模式(列名、列数、类型),例如在流水线中加入数据校验步骤。',
      },
      llm: {
        en: 'Make every run evaluate the same item ids; compare runs only on the items they all answered.',
        zh: '让每次运行评估相同的题目 id;只在所有运行都作答的题目上比较。',
      },
    },
    steps: {
      en: [
        'Open the lines the finding lists and fix the quoting or the export that produced them.',
        'Rename repeated headers at the source and check which copy the training code reads.',
        'Regenerate predictions from the same dataset version; make every run cover the same ids.',
        'Add a schema check to the pipeline so that malformed exports fail early.',
      ],
      zh: [
        '打开发现中列出的行号,修正引号或产生这些行的导出过程。',
        '在源头重命名重复的表头,并确认训练代码读取的是哪一列。',
        '用同一数据集版本重新生成预测;让每次运行覆盖相同的 id。',
        '在流水线中加入模式校验,使格式错误的导出尽早失败。',
      ],
    },
    references: [
      {
        authors: 'Breck, E., Polyzotis, N., Roy, S., Whang, S. E., Zinkevich, M.',
        year: 2019,
        title: 'Data Validation for Machine Learning',
        venue: 'MLSys (SysML) 2019',
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
    id: 'targeted-data',
    category: 'data',
    outcome: 'accuracy',
    title: { en: 'Collect more data where the model is weak', zh: '针对薄弱环节定向补充数据' },
    summary: {
      en: 'Errors concentrated in a slice usually mean too few or too unrepresentative training examples there: collect and label more examples of that slice rather than more data overall.',
      zh: '错误集中在某个切片,通常意味着该部分的训练样本太少或不具代表性:应针对该切片采集并标注更多样本,而不是笼统地增加数据。',
    },
    when: {
      en: 'A declared group or a discovered slice has a significantly higher error rate; a class is rare.',
      zh: '某个声明的分组或自动发现的切片错误率显著偏高;某个类别样本过少。',
    },
    appliesTo: [
      'slices/weak-slices',
      'slices/disparity:*',
      'class-balance/rare-classes',
      'performance/class-never-right:*',
      'performance/confused-pair:*',
      'comparison/group-regression:*',
    ],
    measuredBy: ['proxyGroupData', 'sliceExcessErrors'],
    cost: 'high',
    seedTerms: ['数据多样性', '代表性', '针对模型薄弱环节的数据', '高质量数据源'],
    variants: {
      nlp: {
        en: 'Source texts of the weak language, register or topic; active learning (uncertainty sampling within the slice) makes each label count.',
        zh: '补充薄弱语言、语体或主题的文本;在切片内做主动学习(不确定性采样)让每个标注发挥更大作用。',
      },
      vision: {
        en: 'Capture the weak condition (lighting, device, demographic, viewpoint) deliberately; check the slice in the evaluation split is large enough to measure.',
        zh: '有针对性地采集薄弱条件(光照、设备、人群、视角)下的图像;确认评估集中该切片足够大,能够测量。',
      },
      tabular: {
        en: 'Sample more records from the under-served segment (region, age band, product), or join features that describe it better.',
        zh: '从服务不足的群体(地区、年龄段、产品)中抽取更多记录,或关联能更好描述它的特征。',
      },
      llm: {
        en: 'Write or collect instruction and evaluation items for the weak category; a few hundred high-quality examples often move a fine-tuned model.',
        zh: '为薄弱类别编写或收集指令与评测题目;几百条高质量样本往往就能改变微调模型的表现。',
      },
    },
    steps: {
      en: [
        'Read the slice (its predicates, size and error rate) and confirm it on fresh data: the q-value controls false discoveries, but a second look is cheap.',
        'Estimate the data needed: Chen et al. (2018) fit learning curves per group to predict how much more data closes a gap.',
        'Collect and label examples of the slice; keep some for the evaluation split so that the gain can be measured.',
        "Retrain and compare the slice's error rate and the overall error rate against the previous runs (several seeds).",
      ],
      zh: [
        '查看该切片(条件、规模和错误率),并在新数据上确认:q 值控制了误发现率,但再核实一次成本很低。',
        '估算所需数据量:Chen 等人(2018)按分组拟合学习曲线,预测需要多少数据才能缩小差距。',
        '采集并标注该切片的样本;留出一部分放入评估集,以便测量收益。',
        '重新训练,并与之前的多次运行(多个种子)比较该切片和整体的错误率。',
      ],
    },
    references: [
      CHEN_2018,
      {
        authors: 'Chung, Y., Kraska, T., Polyzotis, N., Tae, K. H., Whang, S. E.',
        year: 2019,
        title: 'Slice Finder: Automated Data Slicing for Model Validation',
        venue: 'ICDE 2019',
      },
      {
        authors: 'Sagadeeva, S., Boehm, M.',
        year: 2021,
        title: 'SliceLine: Fast, Linear-Algebra-based Slice Finding for ML Model Debugging',
        venue: 'SIGMOD 2021',
      },
      {
        authors: 'Settles, B.',
        year: 2009,
        title: 'Active Learning Literature Survey',
        venue: 'Computer Sciences Technical Report 1648, University of Wisconsin-Madison',
      },
    ],
  },
  {
    id: 'augment',
    category: 'data',
    outcome: 'accuracy',
    title: { en: 'Data augmentation and noise injection', zh: '数据增强与噪声注入' },
    summary: {
      en: 'Create label-preserving variants of the training examples, most usefully for rare classes and weak slices, so that the model sees more of what it gets wrong.',
      zh: '为训练样本生成保持标签不变的变体,尤其针对稀有类别和薄弱切片,让模型更多地见到它容易出错的情况。',
    },
    when: {
      en: 'A class is rare, or a slice underperforms and more real data is expensive.',
      zh: '某个类别样本稀少,或某个切片表现较差而获取真实数据成本很高。',
    },
    appliesTo: ['class-balance/rare-classes', 'slices/weak-slices', 'slices/disparity:*'],
    measuredBy: ['proxySliceWeights'],
    cost: 'low',
    seedTerms: ['数据增强', '数据扩增', '噪声注入'],
    variants: {
      nlp: {
        en: 'Back-translation (translate to a pivot language and back) and token edits (synonym replacement, random insertion, swap, deletion: EDA).',
        zh: '回译(翻译成中间语言再译回)以及词级编辑(同义词替换、随机插入、交换、删除:EDA)。',
      },
      vision: {
        en: 'Random crops, flips, colour jitter and mixup or CutMix; learned policies (AutoAugment) when compute allows.',
        zh: '随机裁剪、翻转、颜色扰动以及 mixup 或 CutMix;算力允许时使用学习得到的增强策略(AutoAugment)。',
      },
      tabular: {
        en: 'SMOTE-style oversampling that interpolates between minority neighbours; Gaussian noise on numeric features.',
        zh: '类似 SMOTE 的过采样,在少数类近邻之间插值;对数值特征加入高斯噪声。',
      },
      llm: {
        en: 'Paraphrase instructions with a strong model, vary formats and orders of options; filter generated examples for correctness before training.',
        zh: '用强模型改写指令,变换格式和选项顺序;训练前筛查生成样本的正确性。',
      },
    },
    steps: {
      en: [
        'Choose transformations that do not change the label for this task (a flipped digit 6 is a 9).',
        'Augment the rare classes and the weak slices first; keep the evaluation split un-augmented.',
        'Compare several seeds with and without augmentation: the gain must exceed the run-to-run spread.',
      ],
      zh: [
        '选择对当前任务不改变标签的变换(翻转后的数字 6 就是 9)。',
        '优先增强稀有类别和薄弱切片;评估集保持不做增强。',
        '在多个种子下比较有无增强的结果:收益必须超过运行间的波动。',
      ],
    },
    references: [
      SENNRICH_2016,
      {
        authors: 'Wei, J., Zou, K.',
        year: 2019,
        title: 'EDA: Easy Data Augmentation Techniques for Boosting Performance on Text Classification Tasks',
        venue: 'EMNLP-IJCNLP 2019',
      },
      ZHANG_2018,
      {
        authors: 'Cubuk, E. D., Zoph, B., Mané, D., Vasudevan, V., Le, Q. V.',
        year: 2019,
        title: 'AutoAugment: Learning Augmentation Strategies from Data',
        venue: 'CVPR 2019',
      },
      {
        authors: 'Shorten, C., Khoshgoftaar, T. M.',
        year: 2019,
        title: 'A Survey on Image Data Augmentation for Deep Learning',
        venue: 'Journal of Big Data 6',
      },
      CHAWLA_2002,
    ],
  },
  {
    id: 'domain-mixing',
    category: 'data',
    outcome: 'accuracy',
    title: { en: 'Domain-adaptive data mixing', zh: '领域自适应数据混合' },
    summary: {
      en: 'Re-weight the sources or domains in the training mix (or continue pre-training on the target domain) so that the weak domains get the share of training they need.',
      zh: '调整训练数据中各来源或领域的配比(或在目标领域上继续预训练),让薄弱领域获得所需的训练比重。',
    },
    when: {
      en: 'Errors concentrate in one source, domain or group of the data, or an evaluation split comes from a domain training does not cover.',
      zh: '错误集中在数据的某个来源、领域或分组上,或某个评估划分来自训练数据未覆盖的领域。',
    },
    appliesTo: [
      'slices/weak-slices',
      'slices/disparity:*',
      'slices/label-skew',
      'distribution-shift/feature-drift:*',
      'distribution-shift/text-shift:*',
      'distribution-shift/embedding-shift:*',
    ],
    measuredBy: [],
    cost: 'medium',
    seedTerms: ['领域自适应数据混合', '数据多样性'],
    variants: {
      nlp: {
        en: 'Continue pre-training on in-domain text (domain- and task-adaptive pre-training), then fine-tune.',
        zh: '先在领域内文本上继续预训练(领域自适应与任务自适应预训练),再微调。',
      },
      vision: {
        en: 'Balance the sampling across cameras, sites or datasets; domain-adversarial features if the target domain is unlabelled.',
        zh: '在不同相机、站点或数据集之间均衡采样;若目标领域无标注,可使用领域对抗特征。',
      },
      tabular: {
        en: 'Importance-weight the training rows so that the source mix matches the target population.',
        zh: '对训练行做重要性加权,使来源构成与目标人群一致。',
      },
      llm: {
        en: 'Tune the domain weights of the pre-training or fine-tuning mixture (DoReMi optimises them with a small proxy model).',
        zh: '调整预训练或微调数据中各领域的权重(DoReMi 用小型代理模型优化这些权重)。',
      },
    },
    steps: {
      en: [
        'Tag every training row with its source or domain (the slice columns are a start).',
        'Compare the domain shares in training with those in the evaluation split and in production.',
        'Up-weight or up-sample the weak domains, or tune the weights with a proxy model; keep the evaluation mix fixed.',
        'Check that the other domains do not lose more than the weak one gains (per-slice metrics over several seeds).',
      ],
      zh: [
        '为每条训练数据标注来源或领域(切片列可以作为起点)。',
        '比较训练集、评估集与线上数据中的领域占比。',
        '提高薄弱领域的权重或采样比例,或用代理模型调优权重;评估集的构成保持不变。',
        '检查其他领域的损失没有超过薄弱领域的收益(多个种子下的逐切片指标)。',
      ],
    },
    references: [
      XIE_2023,
      GURURANGAN_2020,
      {
        authors: 'Ganin, Y., Ustinova, E., Ajakan, H., Germain, P., Larochelle, H., Laviolette, F., Marchand, M., Lempitsky, V.',
        year: 2016,
        title: 'Domain-Adversarial Training of Neural Networks',
        venue: 'Journal of Machine Learning Research 17',
      },
    ],
  },
  {
    id: 'rebalance',
    category: 'data',
    outcome: 'accuracy',
    title: { en: 'Rebalance the classes', zh: '类别再平衡' },
    summary: {
      en: 'Re-weight the loss, resample the training data or use a focal or class-balanced loss so that small classes are not sacrificed for overall accuracy.',
      zh: '对损失重新加权、对训练数据重采样,或使用 focal loss、类别平衡损失,避免小类别为整体准确率而被牺牲。',
    },
    when: {
      en: 'The largest class outnumbers the smallest several times, or some classes are rare.',
      zh: '最大类别的样本数是最小类别的数倍,或部分类别样本稀少。',
    },
    appliesTo: ['class-balance', 'slices/label-skew', 'performance/class-never-right:*', 'performance/prior-shift', 'distribution-shift/label-shift:*'],
    measuredBy: ['priorCorrectionGain', 'proxyClassWeights'],
    cost: 'low',
    seedTerms: ['数据多样性', '代表性'],
    variants: {
      nlp: {
        en: 'Class-weighted cross-entropy or focal loss; oversample rare classes with augmentation rather than copies.',
        zh: '使用类别加权交叉熵或 focal loss;用数据增强而不是简单复制来过采样稀有类别。',
      },
      vision: {
        en: 'Class-balanced loss with the effective number of samples, or repeat-factor sampling for long-tailed data.',
        zh: '使用基于有效样本数的类别平衡损失,或对长尾数据采用重复因子采样。',
      },
      tabular: {
        en: 'Class weights in the learner, SMOTE-style oversampling, and a decision threshold tuned on validation data.',
        zh: '在学习器中设置类别权重,使用类似 SMOTE 的过采样,并在验证集上调整决策阈值。',
      },
      llm: {
        en: 'Balance the categories in the fine-tuning set; for classification by prompting, calibrate the label priors (e.g. contextual calibration).',
        zh: '平衡微调数据中的各类别;对于用提示做分类的情况,校准标签先验(如上下文校准)。',
      },
    },
    steps: {
      en: [
        'Decide what matters: overall accuracy, or recall on the small classes (report macro-F1 and per-class recall).',
        'Start with loss re-weighting (inverse frequency or effective number of samples); try focal loss if easy examples dominate.',
        'Tune the decision threshold on validation data, not on the test split.',
        'Compare per-class metrics over several seeds before and after.',
      ],
      zh: [
        '先确定目标:整体准确率,还是小类别的召回率(报告 macro-F1 和各类别召回率)。',
        '从损失加权开始(频率倒数或有效样本数);若简单样本占主导,可尝试 focal loss。',
        '在验证集而非测试集上调整决策阈值。',
        '在多个种子下比较调整前后的各类别指标。',
      ],
    },
    references: [
      { authors: 'Lin, T.-Y., Goyal, P., Girshick, R., He, K., Dollár, P.', year: 2017, title: 'Focal Loss for Dense Object Detection', venue: 'ICCV 2017' },
      {
        authors: 'Cui, Y., Jia, M., Lin, T.-Y., Song, Y., Belongie, S.',
        year: 2019,
        title: 'Class-Balanced Loss Based on Effective Number of Samples',
        venue: 'CVPR 2019',
      },
      CHAWLA_2002,
      {
        authors: 'He, H., Garcia, E. A.',
        year: 2009,
        title: 'Learning from Imbalanced Data',
        venue: 'IEEE Transactions on Knowledge and Data Engineering 21(9)',
      },
      {
        authors: 'Buda, M., Maki, A., Mazurowski, M. A.',
        year: 2018,
        title: 'A Systematic Study of the Class Imbalance Problem in Convolutional Neural Networks',
        venue: 'Neural Networks 106',
      },
    ],
  },
  {
    id: 'domain-knowledge',
    category: 'data',
    outcome: 'accuracy',
    title: { en: 'Bring in domain expert knowledge', zh: '引入领域专家知识' },
    summary: {
      en: 'Use what experts know (dictionaries, ontologies, rules, labelling guidelines, domain-pretrained models) where the data alone leaves the model guessing.',
      zh: '在仅靠数据模型只能猜测的地方,利用专家知识(词典、本体、规则、标注规范、领域预训练模型)。',
    },
    when: {
      en: 'Errors concentrate in a specialised slice, or labels are inconsistent because the task needs expertise.',
      zh: '错误集中在某个专业性强的切片,或因任务需要专业知识而导致标签不一致。',
    },
    appliesTo: ['slices/weak-slices', 'slices/disparity:*', 'label-noise/mislabelled-rows', 'conflicting-labels'],
    measuredBy: [],
    cost: 'medium',
    seedTerms: ['领域专家知识', '医学/法律专用词典'],
    variants: {
      nlp: {
        en: 'Domain dictionaries for tokenisation and entity normalisation; domain-pretrained encoders (BioBERT, LEGAL-BERT).',
        zh: '用领域词典做分词和实体归一化;使用领域预训练编码器(BioBERT、LEGAL-BERT)。',
      },
      vision: {
        en: 'Expert-written labelling protocols (e.g. radiology criteria); expert review of the hard cases.',
        zh: '由专家制定标注规程(如放射学判读标准);困难样本交由专家复核。',
      },
      tabular: {
        en: 'Features engineered from domain rules (ratios, thresholds, codes); monotonic constraints where experts know the direction.',
        zh: '根据领域规则构造特征(比率、阈值、编码);在专家知道方向的地方加单调性约束。',
      },
      llm: {
        en: 'Retrieval over a curated domain knowledge base, and expert-written instructions and rubrics for grading.',
        zh: '在整理好的领域知识库上做检索增强,并由专家编写指令和评分细则。',
      },
    },
    steps: {
      en: [
        'Show the weak slice and the conflicting or flagged rows to a domain expert; ask what distinguishes the classes.',
        'Turn the answer into a guideline, a dictionary, features or labelling functions (weak supervision).',
        'Re-label or re-train with it and measure the slice again.',
      ],
      zh: [
        '把薄弱切片以及矛盾或被标记的样本交给领域专家,请教区分各类别的关键。',
        '把专家的回答转化为标注规范、词典、特征或标注函数(弱监督)。',
        '据此重新标注或重新训练,并再次测量该切片。',
      ],
    },
    references: [
      {
        authors: 'Ratner, A., Bach, S. H., Ehrenberg, H., Fries, J., Wu, S., Ré, C.',
        year: 2017,
        title: 'Snorkel: Rapid Training Data Creation with Weak Supervision',
        venue: 'Proceedings of the VLDB Endowment 11(3)',
      },
      {
        authors: 'Lee, J., Yoon, W., Kim, S., Kim, D., Kim, S., So, C. H., Kang, J.',
        year: 2020,
        title: 'BioBERT: a Pre-trained Biomedical Language Representation Model for Biomedical Text Mining',
        venue: 'Bioinformatics 36(4)',
      },
      {
        authors: 'Chalkidis, I., Fergadiotis, M., Malakasiotis, P., Aletras, N., Androutsopoulos, I.',
        year: 2020,
        title: 'LEGAL-BERT: The Muppets Straight out of Law School',
        venue: 'Findings of EMNLP 2020',
      },
    ],
  },
];
