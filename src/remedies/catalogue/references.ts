/** The publications the remedy catalogue cites more than once. */
import type { Reference } from './types.js';

export const NORTHCUTT_2021: Reference = {
  authors: 'Northcutt, C. G., Jiang, L., Chuang, I. L.',
  year: 2021,
  title: 'Confident Learning: Estimating Uncertainty in Dataset Labels',
  venue: 'Journal of Artificial Intelligence Research 70',
};
export const LEE_2022: Reference = {
  authors: 'Lee, K., Ippolito, D., Nystrom, A., Zhang, C., Eck, D., Callison-Burch, C., Carlini, N.',
  year: 2022,
  title: 'Deduplicating Training Data Makes Language Models Better',
  venue: 'ACL 2022',
};
export const CHAWLA_2002: Reference = {
  authors: 'Chawla, N. V., Bowyer, K. W., Hall, L. O., Kegelmeyer, W. P.',
  year: 2002,
  title: 'SMOTE: Synthetic Minority Over-sampling Technique',
  venue: 'Journal of Artificial Intelligence Research 16',
};
export const HINTON_2015: Reference = {
  authors: 'Hinton, G., Vinyals, O., Dean, J.',
  year: 2015,
  title: 'Distilling the Knowledge in a Neural Network',
  venue: 'NIPS 2014 Deep Learning Workshop (arXiv:1503.02531)',
};
export const LAKSHMINARAYANAN_2017: Reference = {
  authors: 'Lakshminarayanan, B., Pritzel, A., Blundell, C.',
  year: 2017,
  title: 'Simple and Scalable Predictive Uncertainty Estimation using Deep Ensembles',
  venue: 'NeurIPS 2017',
};
export const GUO_2017: Reference = {
  authors: 'Guo, C., Pleiss, G., Sun, Y., Weinberger, K. Q.',
  year: 2017,
  title: 'On Calibration of Modern Neural Networks',
  venue: 'ICML 2017',
};
export const BERGSTRA_2012: Reference = {
  authors: 'Bergstra, J., Bengio, Y.',
  year: 2012,
  title: 'Random Search for Hyper-Parameter Optimization',
  venue: 'Journal of Machine Learning Research 13',
};
export const SNOEK_2012: Reference = {
  authors: 'Snoek, J., Larochelle, H., Adams, R. P.',
  year: 2012,
  title: 'Practical Bayesian Optimization of Machine Learning Algorithms',
  venue: 'NeurIPS 2012',
};
export const CHEN_2018: Reference = {
  authors: 'Chen, I. Y., Johansson, F. D., Sontag, D.',
  year: 2018,
  title: 'Why Is My Classifier Discriminatory?',
  venue: 'NeurIPS 2018',
};
export const SENNRICH_2016: Reference = {
  authors: 'Sennrich, R., Haddow, B., Birch, A.',
  year: 2016,
  title: 'Improving Neural Machine Translation Models with Monolingual Data',
  venue: 'ACL 2016',
};
export const ZHANG_2018: Reference = {
  authors: 'Zhang, H., Cisse, M., Dauphin, Y. N., Lopez-Paz, D.',
  year: 2018,
  title: 'mixup: Beyond Empirical Risk Minimization',
  venue: 'ICLR 2018',
};
export const MOSBACH_2021: Reference = {
  authors: 'Mosbach, M., Andriushchenko, M., Klakow, D.',
  year: 2021,
  title: 'On the Stability of Fine-tuning BERT: Misconceptions, Explanations, and Strong Baselines',
  venue: 'ICLR 2021',
};
export const DODGE_2020: Reference = {
  authors: 'Dodge, J., Ilharco, G., Schwartz, R., Farhadi, A., Hajishirzi, H., Smith, N.',
  year: 2020,
  title: 'Fine-Tuning Pretrained Language Models: Weight Initializations, Data Orders, and Early Stopping',
  venue: 'arXiv:2002.06305',
};
export const BOUTHILLIER_2021: Reference = {
  authors: 'Bouthillier, X., Delaunay, P., Bronzi, M., et al.',
  year: 2021,
  title: 'Accounting for Variance in Machine Learning Benchmarks',
  venue: 'MLSys 2021',
};
export const KOHAVI_2009: Reference = {
  authors: 'Kohavi, R., Longbotham, R., Sommerfield, D., Henne, R. M.',
  year: 2009,
  title: 'Controlled Experiments on the Web: Survey and Practical Guide',
  venue: 'Data Mining and Knowledge Discovery 18(1)',
};
export const GAMA_2014: Reference = {
  authors: 'Gama, J., Žliobaitė, I., Bifet, A., Pechenizkiy, M., Bouchachia, A.',
  year: 2014,
  title: 'A Survey on Concept Drift Adaptation',
  venue: 'ACM Computing Surveys 46(4)',
};
export const XIE_2023: Reference = {
  authors: 'Xie, S. M., Pham, H., Dong, X., et al.',
  year: 2023,
  title: 'DoReMi: Optimizing Data Mixtures Speeds Up Language Model Pretraining',
  venue: 'NeurIPS 2023',
};
export const GURURANGAN_2020: Reference = {
  authors: 'Gururangan, S., Marasović, A., Swayamdipta, S., Lo, K., Beltagy, I., Downey, D., Smith, N. A.',
  year: 2020,
  title: "Don't Stop Pretraining: Adapt Language Models to Domains and Tasks",
  venue: 'ACL 2020',
};
export const CARUANA_1997: Reference = { authors: 'Caruana, R.', year: 1997, title: 'Multitask Learning', venue: 'Machine Learning 28(1)' };
export const SRIVASTAVA_2014: Reference = {
  authors: 'Srivastava, N., Hinton, G., Krizhevsky, A., Sutskever, I., Salakhutdinov, R.',
  year: 2014,
  title: 'Dropout: A Simple Way to Prevent Neural Networks from Overfitting',
  venue: 'Journal of Machine Learning Research 15',
};
export const GOODFELLOW_2015: Reference = {
  authors: 'Goodfellow, I. J., Shlens, J., Szegedy, C.',
  year: 2015,
  title: 'Explaining and Harnessing Adversarial Examples',
  venue: 'ICLR 2015',
};
