/** How an expected gain reads, in English and Chinese (the numbers already formatted). */
import { phrase, words } from '../checks/support/bilingual.js';

export const wording = {
  notEstimable: words(
    (method: string) => `not estimable: ${method}`,
    (method) => `无法估计:${method}`,
  ),
  points: phrase(' points', ' 个百分点'),
  atMost: words(
    (value: string) => `at most ${value}`,
    (value) => `最多 ${value}`,
  ),
  /** The value with its interval, then how it is known and how it was obtained. */
  gain: words(
    (value: string, interval: string, basis: string, method: string) => `${value}${interval} (${basis}: ${method})`,
    (value, interval, basis, method) => `${value}${interval}(${basis}:${method})`,
  ),
};
