/** Remedies that act on training (recipes, seeds, regularisation, adaptation). */
import type { CatalogueEntry } from './types.js';
import { BERGSTRA_2012, SNOEK_2012, MOSBACH_2021, CARUANA_1997, SRIVASTAVA_2014, GOODFELLOW_2015 } from './references.js';

export const TRAINING_REMEDIES: CatalogueEntry[] = [
  {
    id: 'hyperparameter-search',
    category: 'training',
    outcome: 'accuracy',
    title: { en: 'Hyper-parameter search', zh: '超参数调优' },
    summary: {
      en: 'Search learning rate, batch size, epochs, warm-up and model size systematically (random search or Bayesian optimisation, several seeds per setting) instead of keeping defaults that fail on some seeds.',
      zh: '系统地搜索学习率、批量大小、训练轮数、预热和模型规模(随机搜索或贝叶斯优化,每组设置跑多个种子),而不是沿用在部分种子上会失败的默认值。',
    },
    when: {
      en: "Some runs fail (no better than the majority class, or their training diverges), the runs' accuracy varies widely, or training stops while still improving.",
      zh: '部分运行失败(不优于多数类基线,或训练发散),各次运行的准确率差异很大,或训练在仍有改善时就停止了。',
    },
    appliesTo: [
      'seed-instability/failed-runs',
      'seed-instability/accuracy-spread',
      'comparison/regression',
      'training-curves/diverged',
      'training-curves/failed-runs',
      'training-curves/unstable',
      'training-curves/not-converged',
      'training-curves/overfitting',
      'training-curves/last-checkpoint-cost',
      'label-noise/in-sample-predictions',
      'proxy/beats-your-model',
    ],
    measuredBy: ['checkpointGain', 'proxyYardstick', 'proxyTuning'],
    cost: 'high',
    seedTerms: ['超参数调优', '网格搜索', '随机搜索', '贝叶斯优化'],
    variants: {
      nlp: {
        en: 'For fine-tuning: learning rate 1e-5 to 5e-5, warm-up, more epochs and bias-corrected Adam make BERT-style runs stable (Mosbach et al. 2021).',
        zh: '微调时:学习率 1e-5 到 5e-5、学习率预热、更多训练轮数以及带偏差校正的 Adam 能让 BERT 类模型的训练更稳定(Mosbach 等,2021)。',
      },
      vision: {
        en: 'Learning-rate schedule and weight decay matter most; scale the learning rate with the batch size.',
        zh: '学习率调度和权重衰减最关键;学习率随批量大小同比例缩放。',
      },
      tabular: {
        en: 'For gradient-boosted trees: learning rate, depth, number of trees with early stopping, and subsampling; random or Bayesian search with cross-validation.',
        zh: '对于梯度提升树:学习率、树深度、带早停的树数量和子采样;结合交叉验证做随机搜索或贝叶斯优化。',
      },
      llm: {
        en: 'Tune learning rate, LoRA rank and number of epochs on a held-out set; decoding parameters (temperature, top-p) for generation.',
        zh: '在留出集上调优学习率、LoRA 秩和训练轮数;生成任务还需调优解码参数(温度、top-p)。',
      },
    },
    steps: {
      en: [
        'Fix the evaluation protocol first: a validation split distinct from the test split, and several seeds per setting.',
        'Use random search (more efficient than grid search when few parameters matter) or Bayesian optimisation; early-stop poor trials (Hyperband).',
        'Compare the best settings by their mean over seeds, not by their best seed.',
        'Report the test score once, for the chosen setting.',
      ],
      zh: [
        '先固定评估流程:与测试集分开的验证集,每组设置跑多个种子。',
        '使用随机搜索(当只有少数参数重要时比网格搜索更高效)或贝叶斯优化;提前终止表现差的试验(Hyperband)。',
        '按多个种子的平均值比较最佳设置,而不是按最好的那个种子。',
        '只为最终选定的设置报告一次测试集分数。',
      ],
    },
    references: [
      BERGSTRA_2012,
      SNOEK_2012,
      {
        authors: 'Li, L., Jamieson, K., DeSalvo, G., Rostamizadeh, A., Talwalkar, A.',
        year: 2018,
        title: 'Hyperband: A Novel Bandit-Based Approach to Hyperparameter Optimization',
        venue: 'Journal of Machine Learning Research 18',
      },
      MOSBACH_2021,
    ],
  },
  {
    id: 'regularize',
    category: 'training',
    outcome: 'accuracy',
    title: { en: 'Regularisation: dropout, weight decay, early stopping', zh: '正则化:Dropout、权重衰减、早停' },
    summary: {
      en: 'Constrain the model so that it fits less of the noise in any one run: dropout, weight decay (L2), early stopping on a validation split, label smoothing.',
      zh: '约束模型,使每次运行少拟合一些噪声:Dropout、权重衰减(L2)、基于验证集的早停、标签平滑。',
    },
    when: {
      en: 'Validation loss turns upward while training loss falls, the last checkpoint is worse than the best, predictions change across seeds (churn), or the model is over-confident.',
      zh: '验证损失回升而训练损失仍在下降,最后的检查点不如最佳检查点,不同种子之间预测结果变化(churn),或模型过度自信。',
    },
    appliesTo: [
      'seed-instability/churn',
      'seed-instability/accuracy-spread',
      'calibration/overconfident',
      'training-curves/overfitting',
      'training-curves/last-checkpoint-cost',
      'label-noise/in-sample-predictions',
      'proxy/beats-your-model',
    ],
    measuredBy: ['checkpointGain', 'proxyYardstick', 'proxyPenalty'],
    cost: 'low',
    seedTerms: ['正则化', 'Dropout', '权重衰减', 'L2正则化', '防止过拟合'],
    variants: {
      nlp: {
        en: 'Dropout 0.1 to 0.3, decoupled weight decay (AdamW), early stopping on validation loss; R-Drop or label smoothing for classification.',
        zh: 'Dropout 取 0.1 到 0.3,使用解耦权重衰减(AdamW),按验证集损失早停;分类任务可用 R-Drop 或标签平滑。',
      },
      vision: {
        en: 'Weight decay, stochastic depth, label smoothing, and strong augmentation act together as regularisers.',
        zh: '权重衰减、随机深度、标签平滑与强数据增强共同起到正则化作用。',
      },
      tabular: {
        en: 'L1/L2 penalties, shallower trees, minimum samples per leaf, subsampling, early stopping on a validation fold.',
        zh: 'L1/L2 惩罚、更浅的树、叶节点最小样本数、子采样,以及基于验证折的早停。',
      },
      llm: {
        en: 'Fewer epochs, lower learning rate, LoRA instead of full fine-tuning, and early stopping on held-out loss limit over-fitting to a small fine-tuning set.',
        zh: '更少的训练轮数、更低的学习率、用 LoRA 替代全参数微调,以及基于留出集损失的早停,可以减少对小规模微调数据的过拟合。',
      },
    },
    steps: {
      en: [
        'Compare training with validation loss (the training-curves check does it when the logs are given with --logs, and marks where validation loss turns upward); a widening gap confirms over-fitting.',
        'Add or raise one regulariser at a time (weight decay, dropout), and stop at the best validation epoch.',
        'Measure churn and accuracy over several seeds before and after: regularisation should narrow the spread.',
      ],
      zh: [
        '对比训练损失与验证损失(用 --logs 提供训练日志时,training-curves 检查会做这一对比,并标出验证损失开始回升的位置);差距不断扩大说明过拟合。',
        '每次只增加或加强一种正则化(权重衰减、Dropout),并在验证集最佳轮次停止。',
        '在多个种子下比较前后的 churn 和准确率:正则化应当缩小波动。',
      ],
    },
    references: [
      SRIVASTAVA_2014,
      { authors: 'Loshchilov, I., Hutter, F.', year: 2019, title: 'Decoupled Weight Decay Regularization', venue: 'ICLR 2019' },
      { authors: 'Prechelt, L.', year: 1998, title: 'Early Stopping - But When?', venue: 'Neural Networks: Tricks of the Trade, LNCS 1524, Springer' },
      {
        authors: 'Szegedy, C., Vanhoucke, V., Ioffe, S., Shlens, J., Wojna, Z.',
        year: 2016,
        title: 'Rethinking the Inception Architecture for Computer Vision',
        venue: 'CVPR 2016',
      },
    ],
  },
  {
    id: 'transfer-learning',
    category: 'training',
    outcome: 'accuracy',
    title: { en: 'Transfer learning and fine-tuning', zh: '迁移学习与微调' },
    summary: {
      en: 'Start from a model pre-trained on a large related corpus and fine-tune it with a careful recipe, which needs far less labelled data than training from scratch.',
      zh: '从在大规模相关语料上预训练的模型出发,用稳妥的方案进行微调,所需标注数据远少于从零训练。',
    },
    when: { en: 'Classes or slices have little data, or fine-tuning runs fail on some seeds.', zh: '某些类别或切片数据很少,或微调在部分种子上失败。' },
    appliesTo: ['class-balance/rare-classes', 'seed-instability/failed-runs'],
    measuredBy: [],
    cost: 'medium',
    seedTerms: ['迁移学习', '微调', '预训练模型', '有监督的微调'],
    variants: {
      nlp: {
        en: 'Fine-tune a pre-trained encoder (BERT family) with a small learning rate, warm-up and enough epochs; gradual unfreezing (ULMFiT) for small data.',
        zh: '以较小学习率、预热和足够轮数微调预训练编码器(BERT 系列);数据很少时采用逐层解冻(ULMFiT)。',
      },
      vision: {
        en: 'Fine-tune an ImageNet- or CLIP-pre-trained backbone; freeze early layers when data is scarce.',
        zh: '微调在 ImageNet 或 CLIP 上预训练的主干网络;数据稀缺时冻结前几层。',
      },
      tabular: {
        en: 'Reuse embeddings or models trained on a related, larger table; otherwise gradient-boosted trees remain a strong baseline.',
        zh: '复用在相关的更大数据表上训练的嵌入或模型;否则梯度提升树依然是很强的基线。',
      },
      llm: {
        en: 'Supervised fine-tuning (full or LoRA) of an instruction-tuned base model on the target task; compare against few-shot prompting.',
        zh: '在目标任务上对指令微调过的基座模型做有监督微调(全参数或 LoRA),并与少样本提示对比。',
      },
    },
    steps: {
      en: [
        'Pick a pre-trained model whose pre-training data is close to the target domain.',
        'Fine-tune with a small learning rate, warm-up and bias-corrected Adam; run several seeds and discard failed runs only with a stated rule.',
        'Compare with the current model on the same evaluation split and seeds.',
      ],
      zh: [
        '选择预训练数据与目标领域接近的预训练模型。',
        '以较小学习率、预热和带偏差校正的 Adam 进行微调;跑多个种子,且只按事先声明的规则剔除失败的运行。',
        '在相同评估集和种子设置下与当前模型比较。',
      ],
    },
    references: [
      { authors: 'Howard, J., Ruder, S.', year: 2018, title: 'Universal Language Model Fine-tuning for Text Classification', venue: 'ACL 2018' },
      {
        authors: 'Devlin, J., Chang, M.-W., Lee, K., Toutanova, K.',
        year: 2019,
        title: 'BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding',
        venue: 'NAACL-HLT 2019',
      },
      {
        authors: 'Yosinski, J., Clune, J., Bengio, Y., Lipson, H.',
        year: 2014,
        title: 'How Transferable Are Features in Deep Neural Networks?',
        venue: 'NeurIPS 2014',
      },
      MOSBACH_2021,
    ],
  },
  {
    id: 'multi-task',
    category: 'training',
    outcome: 'accuracy',
    title: { en: 'Multi-task learning', zh: '多任务学习' },
    summary: {
      en: 'Train one model on the target task together with related tasks, sharing its representation, so that scarce classes or slices borrow strength from the others.',
      zh: '让一个模型在目标任务之外同时学习相关任务并共享表示,使稀缺的类别或切片能从其他任务中获益。',
    },
    when: { en: 'Classes or slices are data-poor and related labelled tasks exist.', zh: '某些类别或切片数据不足,且存在有标注的相关任务。' },
    appliesTo: ['class-balance/rare-classes', 'slices/weak-slices', 'slices/disparity:*'],
    measuredBy: [],
    cost: 'high',
    seedTerms: ['多任务学习', '共享表示', '多任务联合训练'],
    variants: {
      nlp: {
        en: 'Shared encoder with task heads (e.g. classification plus NER or NLI); weigh the task losses.',
        zh: '共享编码器加多个任务头(如分类加命名实体识别或自然语言推理);为各任务损失设置权重。',
      },
      vision: { en: 'Joint classification and segmentation or attribute prediction on a shared backbone.', zh: '在共享主干上联合训练分类与分割或属性预测。' },
      tabular: {
        en: 'Predict related targets jointly (e.g. several outcomes of the same entity) with a shared network.',
        zh: '用共享网络联合预测相关目标(如同一实体的多个结果)。',
      },
      llm: {
        en: 'Mix related instruction tasks into the fine-tuning set (multi-task instruction tuning).',
        zh: '在微调数据中混合相关的指令任务(多任务指令微调)。',
      },
    },
    steps: {
      en: [
        'List related tasks with labels on the same inputs or domain.',
        'Add task-specific heads on a shared encoder and tune the loss weights on validation data.',
        'Check that the target task improves over several seeds; negative transfer happens.',
      ],
      zh: [
        '列出在相同输入或领域上有标注的相关任务。',
        '在共享编码器上添加各任务专属的输出头,并在验证集上调节损失权重。',
        '在多个种子下确认目标任务确实提升;负迁移是会发生的。',
      ],
    },
    references: [
      CARUANA_1997,
      { authors: 'Ruder, S.', year: 2017, title: 'An Overview of Multi-Task Learning in Deep Neural Networks', venue: 'arXiv:1706.05098' },
      {
        authors: 'Liu, X., He, P., Chen, W., Gao, J.',
        year: 2019,
        title: 'Multi-Task Deep Neural Networks for Natural Language Understanding',
        venue: 'ACL 2019',
      },
    ],
  },
  {
    id: 'curriculum',
    category: 'training',
    outcome: 'accuracy',
    title: { en: 'Curriculum learning', zh: '渐进式学习(课程学习)' },
    summary: {
      en: 'Present examples from easy to hard (or down-weight the likely mislabelled ones early), which can stabilise training and make it more robust to noisy labels.',
      zh: '按从易到难的顺序呈现样本(或在训练初期降低疑似错标样本的权重),可以稳定训练并提高对噪声标签的鲁棒性。',
    },
    when: {
      en: 'Labels are noisy, some runs fail to train, or the training dynamics show hard, ambiguous or often-forgotten rows.',
      zh: '标签含噪声,部分运行训练失败,或训练动态显示存在难以学习、模糊或经常被遗忘的样本。',
    },
    appliesTo: [
      'label-noise/mislabelled-rows',
      'seed-instability/failed-runs',
      'training-dynamics/ambiguous',
      'training-dynamics/often-forgotten',
      'training-dynamics/hard-to-learn',
    ],
    measuredBy: [],
    cost: 'medium',
    seedTerms: ['渐进式学习', 'Curriculum Learning'],
    variants: {
      nlp: {
        en: 'Order by length or by a difficulty score (loss of a reference model); short, clean sentences first.',
        zh: '按长度或难度分数(参考模型的损失)排序;先学短而干净的句子。',
      },
      vision: {
        en: 'Start from clean, canonical images and add the hard or low-quality ones later; self-paced learning weighs examples by current loss.',
        zh: '从干净、典型的图像开始,之后再加入困难或低质量的图像;自步学习按当前损失为样本加权。',
      },
      tabular: {
        en: 'Self-paced weighting of rows by loss; less common for trees, where sample weights do the same job.',
        zh: '按损失对行做自步加权;树模型中较少使用,可用样本权重达到同样效果。',
      },
      llm: {
        en: 'Order fine-tuning data by difficulty or quality score; anneal on the highest-quality data at the end.',
        zh: '按难度或质量分数排序微调数据;训练末期在最高质量的数据上退火。',
      },
    },
    steps: {
      en: [
        'Define difficulty: loss of a reference model, label quality from the label-noise check, or length.',
        'Schedule: start with the easiest share and grow it to the full set over the first epochs.',
        'Compare against the plain schedule over several seeds.',
      ],
      zh: [
        '定义难度:参考模型的损失、标签噪声检查给出的标签质量,或长度。',
        '制定进度:从最容易的一部分开始,在前几个轮次内逐步扩展到全部数据。',
        '在多个种子下与普通训练顺序对比。',
      ],
    },
    references: [
      { authors: 'Bengio, Y., Louradour, J., Collobert, R., Weston, J.', year: 2009, title: 'Curriculum Learning', venue: 'ICML 2009' },
      { authors: 'Kumar, M. P., Packer, B., Koller, D.', year: 2010, title: 'Self-Paced Learning for Latent Variable Models', venue: 'NeurIPS 2010' },
      {
        authors: 'Jiang, L., Zhou, Z., Leung, T., Li, L.-J., Fei-Fei, L.',
        year: 2018,
        title: 'MentorNet: Learning Data-Driven Curriculum for Very Deep Neural Networks on Corrupted Labels',
        venue: 'ICML 2018',
      },
    ],
  },
  {
    id: 'adversarial-training',
    category: 'training',
    outcome: 'accuracy',
    title: { en: 'Adversarial training', zh: '对抗训练' },
    summary: {
      en: 'Train on worst-case perturbations of the inputs (or of their embeddings) so that predictions near the decision boundary stop flipping under small changes.',
      zh: '在输入(或其嵌入)的最坏情况扰动上训练,使决策边界附近的预测不再因微小变化而翻转。',
    },
    when: {
      en: 'Many rows flip prediction across seeds, or a slice of unusual inputs underperforms.',
      zh: '大量样本在不同种子间预测翻转,或某个由非常规输入构成的切片表现较差。',
    },
    appliesTo: ['seed-instability/churn', 'slices/weak-slices', 'slices/disparity:*'],
    measuredBy: [],
    cost: 'high',
    seedTerms: ['对抗训练', 'Adversarial Training'],
    variants: {
      nlp: {
        en: 'Perturb word embeddings (adversarial training for text, FreeLB) rather than discrete tokens.',
        zh: '扰动词嵌入(文本对抗训练、FreeLB),而不是离散的词元。',
      },
      vision: { en: 'FGSM or PGD adversarial examples mixed into training batches.', zh: '在训练批次中混入 FGSM 或 PGD 生成的对抗样本。' },
      tabular: {
        en: 'Perturb numeric features within plausible ranges; rarely worth it unless robustness is a requirement.',
        zh: '在合理范围内扰动数值特征;除非鲁棒性是硬性要求,否则通常不划算。',
      },
      llm: { en: 'Red-team prompts and adversarial rephrasings added to fine-tuning data.', zh: '把红队测试提示与对抗性改写加入微调数据。' },
    },
    steps: {
      en: [
        'Pick the perturbation that matches the expected noise (embedding-space for text, pixel-space for images).',
        'Generate perturbations on the fly (FGSM is cheap; PGD stronger) and train on clean plus adversarial batches.',
        "Measure churn across seeds and the weak slice's error before and after; check clean accuracy does not drop.",
      ],
      zh: [
        '选择与预期噪声匹配的扰动(文本用嵌入空间,图像用像素空间)。',
        '在训练中实时生成扰动(FGSM 代价低,PGD 更强),用干净样本加对抗样本的批次训练。',
        '比较前后的跨种子 churn 与薄弱切片的错误率;确认干净样本上的准确率没有下降。',
      ],
    },
    references: [
      GOODFELLOW_2015,
      {
        authors: 'Madry, A., Makelov, A., Schmidt, L., Tsipras, D., Vladu, A.',
        year: 2018,
        title: 'Towards Deep Learning Models Resistant to Adversarial Attacks',
        venue: 'ICLR 2018',
      },
      {
        authors: 'Miyato, T., Dai, A. M., Goodfellow, I.',
        year: 2017,
        title: 'Adversarial Training Methods for Semi-Supervised Text Classification',
        venue: 'ICLR 2017',
      },
      {
        authors: 'Zhu, C., Cheng, Y., Gan, Z., Sun, S., Goldstein, T., Liu, J.',
        year: 2020,
        title: 'FreeLB: Enhanced Adversarial Training for Natural Language Understanding',
        venue: 'ICLR 2020',
      },
    ],
  },
  {
    id: 'distributed-training',
    category: 'training',
    outcome: 'process',
    title: { en: 'Distributed and parallel training', zh: '分布式与并行训练' },
    summary: {
      en: 'Spread training, or the hyper-parameter search and the seeds, over GPUs or nodes. It buys speed rather than accuracy: it makes the searches and the extra seeds the other remedies ask for affordable.',
      zh: '把训练(或超参数搜索与多种子实验)分布到多块 GPU 或多个节点上。它带来的是速度而不是准确率:让其他方案所需的搜索和额外种子变得负担得起。',
    },
    when: {
      en: 'Never triggered by a finding on its own: use it to pay for a search, an ensemble or more seeds.',
      zh: '不会单独由某个发现触发:用它来支撑超参数搜索、集成或更多种子的计算开销。',
    },
    appliesTo: [],
    measuredBy: [],
    cost: 'high',
    seedTerms: ['分布式训练', '硬件加速', 'SWARM并行', '多GPU'],
    variants: {
      nlp: {
        en: 'Data parallelism (DDP) for fine-tuning; sharded optimisers (ZeRO/FSDP) when the model does not fit one GPU.',
        zh: '微调用数据并行(DDP);模型单卡放不下时用分片优化器(ZeRO/FSDP)。',
      },
      vision: {
        en: 'Data parallelism with the learning rate scaled to the global batch size and a warm-up.',
        zh: '数据并行,学习率按全局批量大小缩放并配合预热。',
      },
      tabular: {
        en: 'Run cross-validation folds and search trials in parallel; the models themselves rarely need distribution.',
        zh: '并行运行交叉验证的各折与搜索试验;模型本身很少需要分布式。',
      },
      llm: {
        en: 'Pipeline and tensor parallelism, or SWARM-style training over unreliable heterogeneous devices.',
        zh: '流水线并行与张量并行,或在不稳定的异构设备上采用 SWARM 式训练。',
      },
    },
    steps: {
      en: [
        'Parallelise the independent work first: seeds, folds and search trials.',
        'Scale the learning rate with the global batch size and add a warm-up when using data parallelism.',
        'Check that the distributed run reproduces the single-device accuracy before relying on it.',
      ],
      zh: [
        '优先并行化相互独立的工作:多个种子、交叉验证折和搜索试验。',
        '使用数据并行时,学习率随全局批量大小缩放并加预热。',
        '在依赖分布式训练之前,确认其准确率能复现单设备的结果。',
      ],
    },
    references: [
      {
        authors: 'Goyal, P., Dollár, P., Girshick, R., Noordhuis, P., Wesolowski, L., Kyrola, A., Tulloch, A., Jia, Y., He, K.',
        year: 2017,
        title: 'Accurate, Large Minibatch SGD: Training ImageNet in 1 Hour',
        venue: 'arXiv:1706.02677',
      },
      {
        authors: 'Ryabinin, M., Dettmers, T., Diskin, M., Borzunov, A.',
        year: 2023,
        title: 'SWARM Parallelism: Training Large Models Can Be Surprisingly Communication-Efficient',
        venue: 'ICML 2023',
      },
      {
        authors: 'Li, L., Jamieson, K., Rostamizadeh, A., Gonina, E., Ben-tzur, J., Hardt, M., Recht, B., Talwalkar, A.',
        year: 2020,
        title: 'A System for Massively Parallel Hyperparameter Tuning',
        venue: 'MLSys 2020',
      },
    ],
  },
];
