/**
 * Per-example training dynamics from a run's snapshots (predictions at successive epochs):
 * - confidence and variability: the mean and the (population) standard deviation over snapshots
 *   of the probability given to the example's label (Data Maps, Swayamdipta et al. 2020);
 * - correctness: the share of snapshots whose predicted class is the label;
 * - area under the margin: the mean over snapshots of p(label) minus the largest other
 *   probability (Pleiss et al. 2020, here on probabilities: a logit margin needs logits, which
 *   the loader turns into probabilities);
 * - forgetting events: snapshots where an example goes from right to wrong (Toneva et al. 2019);
 *   an example never right is "never learned" (infinitely forgettable in their terms).
 * With several runs (seeds) each statistic is averaged over the runs that cover the row.
 *
 * A network trained long enough memorises its wrong labels: in the end it predicts every training
 * row as given, and the flipped rows' margins turn positive, so the mean over all snapshots no
 * longer goes negative. Pleiss et al. measure the margin before memorisation (up to the first
 * learning-rate drop). Without the schedule, the run's own predictions say when it has fitted its
 * labels: the first snapshot at which at least FIT_ACCURACY of the rows are predicted as given.
 * `aumBeforeFit` is the area under the margin over the snapshots up to and including that one
 * (all snapshots for a run that never gets there, where it equals `aum`).
 */

/** A run has fitted (memorised) its labels at the first snapshot predicting this share of the rows as given. */
export const FIT_ACCURACY = 0.995;

export interface SnapshotInput {
  /** Row-major probabilities rows x k (NaN where absent), or null. */
  probs: Float64Array | null;
  /** Predicted class per row (-1 where absent), or null. */
  pred: Int32Array | null;
  covered: Uint8Array;
}

export interface Dynamics {
  /** The rows measured: labelled, covered by at least two snapshots of some run. */
  rows: Int32Array;
  /** Per measured row (indexed like `rows`); NaN without probabilities. */
  confidence: Float64Array;
  variability: Float64Array;
  aum: Float64Array;
  /** Area under the margin over the snapshots before the run fitted its labels (see FIT_ACCURACY). */
  aumBeforeFit: Float64Array;
  correctness: Float64Array;
  /** Mean forgetting events per run. */
  forgetting: Float64Array;
  /** 1 when no snapshot of any run predicted the label. */
  neverLearned: Uint8Array;
  /** Snapshots per run, and the accuracy on the measured rows at each snapshot (mean over runs). */
  snapshots: number;
  /** Per run: the 1-based snapshot at which it fitted its labels, or null if it never did. */
  fittedAt: (number | null)[];
  accuracyBySnapshot: number[];
  hasProbabilities: boolean;
}

/** Per-row sums over the runs that measure the row, and per-snapshot accuracy counts. */
interface DynamicsSums {
  conf: Float64Array;
  vari: Float64Array;
  aum: Float64Array;
  early: Float64Array;
  corr: Float64Array;
  forget: Float64Array;
  /** Runs that measure the row (at least two snapshots), and those of them with probabilities. */
  runsCovering: Int32Array;
  probRuns: Int32Array;
  everRight: Uint8Array;
  rightAt: Float64Array;
  countAt: Float64Array;
}

function dynamicsSums(n: number, longest: number): DynamicsSums {
  return {
    conf: new Float64Array(n),
    vari: new Float64Array(n),
    aum: new Float64Array(n),
    early: new Float64Array(n),
    corr: new Float64Array(n),
    forget: new Float64Array(n),
    runsCovering: new Int32Array(n),
    probRuns: new Int32Array(n),
    everRight: new Uint8Array(n),
    rightAt: new Float64Array(longest),
    countAt: new Float64Array(longest),
  };
}

/** Adds one run's path of one row to the sums: its snapshots up to `window` count for the margin before fit. */
function addRowPath(sums: DynamicsSums, snapshots: readonly SnapshotInput[], row: number, label: number, k: number, window: number): void {
  const T = snapshots.length;
  let seen = 0;
  let right = 0;
  let forgets = 0;
  let previous = -1;
  let sumP = 0;
  let sumP2 = 0;
  let sumMargin = 0;
  let withProbs = 0;
  let earlyMargin = 0;
  let earlyProbs = 0;
  for (let t = 0; t < T; t++) {
    const s = snapshots[t];
    if (!s.covered[row]) continue;
    let predicted = s.pred ? s.pred[row] : -1;
    if (s.probs) {
      const offset = row * k;
      const p = s.probs[offset + label];
      if (Number.isFinite(p)) {
        let other = -Infinity;
        let best = -1;
        let bestP = -Infinity;
        for (let c = 0; c < k; c++) {
          const q = s.probs[offset + c];
          if (c !== label && q > other) other = q;
          if (q > bestP) {
            bestP = q;
            best = c;
          }
        }
        sumP += p;
        sumP2 += p * p;
        const margin = p - (k > 1 ? other : 0);
        sumMargin += margin;
        withProbs++;
        if (t < window) {
          earlyMargin += margin;
          earlyProbs++;
        }
        if (predicted < 0) predicted = best;
      }
    }
    if (predicted < 0) continue;
    const correct = predicted === label ? 1 : 0;
    seen++;
    right += correct;
    if (previous === 1 && correct === 0) forgets++;
    previous = correct;
    sums.rightAt[t] += correct;
    sums.countAt[t]++;
  }
  if (seen < 2) return;
  sums.runsCovering[row]++;
  sums.corr[row] += right / seen;
  sums.forget[row] += forgets;
  if (right > 0) sums.everRight[row] = 1;
  if (withProbs >= 2) {
    const mean = sumP / withProbs;
    sums.conf[row] += mean;
    sums.vari[row] += Math.sqrt(Math.max(0, sumP2 / withProbs - mean * mean));
    sums.aum[row] += sumMargin / withProbs;
    // A row first covered after the run fitted its labels has no margin before it: its whole path stands in.
    sums.early[row] += earlyProbs > 0 ? earlyMargin / earlyProbs : sumMargin / withProbs;
    sums.probRuns[row]++;
  }
}

/** The measured rows' statistics: each sum divided by the runs behind it. */
function dynamicsOfSums(sums: DynamicsSums, fittedAt: (number | null)[], hasProbabilities: boolean): Dynamics {
  const n = sums.runsCovering.length;
  const measured: number[] = [];
  for (let row = 0; row < n; row++) if (sums.runsCovering[row] > 0) measured.push(row);
  const m = measured.length;
  const { rightAt, countAt } = sums;
  const out: Dynamics = {
    rows: Int32Array.from(measured),
    confidence: new Float64Array(m),
    variability: new Float64Array(m),
    aum: new Float64Array(m),
    aumBeforeFit: new Float64Array(m),
    correctness: new Float64Array(m),
    forgetting: new Float64Array(m),
    neverLearned: new Uint8Array(m),
    snapshots: rightAt.length,
    fittedAt,
    accuracyBySnapshot: Array.from(rightAt, (r, t) => (countAt[t] > 0 ? r / countAt[t] : NaN)),
    hasProbabilities,
  };
  for (let i = 0; i < m; i++) {
    const row = measured[i];
    const r = sums.runsCovering[row];
    const p = sums.probRuns[row];
    out.correctness[i] = sums.corr[row] / r;
    out.forgetting[i] = sums.forget[row] / r;
    out.neverLearned[i] = sums.everRight[row] ? 0 : 1;
    out.confidence[i] = p > 0 ? sums.conf[row] / p : NaN;
    out.variability[i] = p > 0 ? sums.vari[row] / p : NaN;
    out.aum[i] = p > 0 ? sums.aum[row] / p : NaN;
    out.aumBeforeFit[i] = p > 0 ? sums.early[row] / p : NaN;
  }
  return out;
}

/** The dynamics of every labelled row from the snapshots of each run (`runs[r][t]` = snapshot t of run r). */
export function trainingDynamics(runs: readonly (readonly SnapshotInput[])[], labels: Int32Array, k: number): Dynamics {
  const n = labels.length;
  const longest = Math.max(0, ...runs.map((r) => r.length));
  const sums = dynamicsSums(n, longest);
  const hasProbabilities = runs.length > 0 && runs.every((r) => r.every((s) => s.probs !== null));
  const fittedAt: (number | null)[] = [];
  for (const snapshots of runs) {
    const fit = fitSnapshot(snapshots, labels, k);
    fittedAt.push(fit);
    const window = fit ?? snapshots.length;
    for (let row = 0; row < n; row++) {
      const label = labels[row];
      if (label < 0) continue;
      addRowPath(sums, snapshots, row, label, k, window);
    }
  }
  return dynamicsOfSums(sums, fittedAt, hasProbabilities);
}

/** The predicted class of a row at a snapshot: its `pred`, else the argmax of its probabilities (ties to the lowest class); -1 if absent. */
function predictedAt(s: SnapshotInput, row: number, k: number): number {
  if (!s.covered[row]) return -1;
  if (s.pred && s.pred[row] >= 0) return s.pred[row];
  if (!s.probs) return -1;
  let best = -1;
  let bestP = -Infinity;
  for (let c = 0; c < k; c++) {
    const q = s.probs[row * k + c];
    if (q > bestP) {
      bestP = q;
      best = c;
    }
  }
  return best;
}

/** The 1-based snapshot at which a run first predicts at least FIT_ACCURACY of its labelled rows as given, or null. */
function fitSnapshot(snapshots: readonly SnapshotInput[], labels: Int32Array, k: number): number | null {
  for (let t = 0; t < snapshots.length; t++) {
    let right = 0;
    let seen = 0;
    for (let row = 0; row < labels.length; row++) {
      if (labels[row] < 0) continue;
      const predicted = predictedAt(snapshots[t], row, k);
      if (predicted < 0) continue;
      seen++;
      if (predicted === labels[row]) right++;
    }
    if (seen > 0 && right >= FIT_ACCURACY * seen) return t + 1;
  }
  return null;
}
