"""The experiment of one case: train the baseline seeds on the planted training rows, write the
audit's inputs, run the audit, apply every remedy that makes sense as a practitioner would,
retrain the same seeds and measure the gain on the held-out test rows the audit never sees.

A case (cases.py) supplies the dataset, the split, the planted problem and the model; this module
does the rest, the same way for every case. Positions: `train` rows are data.csv rows
0..n_train-1 in order, `validation` rows follow; a data.csv row's id is its row number + 1.
"""

import csv
import hashlib
import json
import math
import os
import shutil
import subprocess
import tempfile

import numpy as np
from sklearn.model_selection import StratifiedKFold

import models
import stats

FOLDS = 5  # out-of-fold probabilities of the training rows
CV_FOLDS = 3  # hyper-parameter search
TARGETED_SHARE = 0.10  # targeted data without a planted group: this share of the training rows
JITTER = 0.10  # augmentation noise, in training standard deviations per numeric feature
CATEGORY_RESAMPLE = 0.10  # augmentation: chance a categorical cell is redrawn from its column
MAX_COPIES = 10  # augmentation: at most this many jittered copies of a row
WORD_DROPOUT = 0.10  # text augmentation: chance a word is left out of a copy
CONTROL_DROP = 0.10  # control: share of random training rows dropped

ACCURACY_NOTE = "points = percentage points of test accuracy"


def stable_seed(*parts):
    """A seed from names (Python's hash() is salted per process)."""
    digest = hashlib.sha256("/".join(str(p) for p in parts).encode()).hexdigest()
    return int(digest[:8], 16)


def r4(x):
    return None if x is None else round(float(x), 4) + 0.0


def r6(x):
    return None if x is None else round(float(x), 6) + 0.0


def points(x):
    return r4(100.0 * x)


def dump_json(path, value):
    with open(path, "w") as f:
        json.dump(value, f, indent=1, sort_keys=True, ensure_ascii=False, allow_nan=False)
        f.write("\n")


class Rows:
    """Rows of a part (train, validation, test, pool): dataset indices and the labels they carry."""

    def __init__(self, src, y):
        self.src = np.asarray(src, dtype=int)
        self.y = np.asarray(y, dtype=int)

    def __len__(self):
        return len(self.src)


class Planted:
    """What a case's plant() returns.

    train: the training rows as the practitioner has them (duplicates, copies, given labels);
    train_true: the true label of each training row; validation, test: clean rows; pool: rows
    a collection effort can still get (pool.y as that collection would label them);
    truth: JSON-able description of what was planted, by training/validation position;
    weak: the group targeted-data and augment act on (None: the weakest class on evaluation);
    problem: the planted problem in words; mislabelled: training positions whose label is wrong;
    pool_natural: the pool rows drawn with the natural mix (more-data draws from them; rows left
    out of training by the planted under-sampling are the others).
    """

    def __init__(self, train, train_true, validation, test, pool, truth, problem, weak=None, mislabelled=None, pool_natural=None):
        self.pool_natural = np.ones(len(pool), dtype=bool) if pool_natural is None else np.asarray(pool_natural, dtype=bool)
        self.train = train
        self.train_true = np.asarray(train_true, dtype=int)
        self.validation = validation
        self.test = test
        self.pool = pool
        self.truth = truth
        self.problem = problem
        self.weak = weak
        self.mislabelled = None if mislabelled is None else np.asarray(sorted(mislabelled), dtype=int)


class Weak:
    """A group to collect (targeted-data) or augment: its training, pool and test rows, and how
    many rows to add (targeted-data adds at most what the pool holds)."""

    def __init__(self, describe, train_mask, pool_mask, test_mask, n_add, basis):
        self.describe = describe
        self.train_mask = np.asarray(train_mask, dtype=bool)
        self.pool_mask = np.asarray(pool_mask, dtype=bool)
        self.test_mask = np.asarray(test_mask, dtype=bool)
        self.n_add = int(n_add)
        self.basis = basis


class Experiment:
    def __init__(self, case, out_root, audit_js, reuse_report=False, log=print):
        self.case = case
        self.dir = os.path.join(out_root, case.name)
        self.audit_js = audit_js
        self.reuse_report = reuse_report
        self.log = log
        self.seeds = list(case.seeds)

    # ------------------------------------------------------------------ setup

    def prepare(self):
        case = self.case
        self.ds = case.load()
        self.K = self.ds.K
        self.P = case.plant(self.ds)
        ds, P = self.ds, self.P
        self.X_train = self.encode(P.train.src)
        self.X_val = self.encode(P.validation.src)
        self.X_test = self.encode(P.test.src)
        self.X_pool = self.encode(P.pool.src) if len(P.pool) else self.X_train[:0]
        self.y_test = P.test.y
        self.y_val = P.validation.y

    def encode(self, src, num=None, cat=None):
        ds = self.ds
        if ds.text is not None:  # a text dataset: the model vectorises the text itself
            return ds.text[src]
        return ds.encode(ds.num[src] if num is None else num, ds.cat[src] if cat is None else cat)

    def model(self, seed, params=None):
        return models.Model(self.case.kind, self.case.params if params is None else params, seed, self.K)

    # ------------------------------------------------------------------ baseline

    def train_baseline(self):
        case, P = self.case, self.P
        self.base_models = []
        self.base_test = []
        self.base_val = []
        self.base_train_in = []
        self.base_train_oof = []
        for seed in self.seeds:
            m = self.model(seed).fit(self.X_train, P.train.y)
            self.base_models.append(m)
            self.base_test.append(m.proba(self.X_test))
            self.base_val.append(m.proba(self.X_val))
            self.base_train_in.append(m.proba(self.X_train))
            if not case.insample_train:
                self.base_train_oof.append(self.out_of_fold(self.X_train, P.train.y, seed))
        self.base_test = np.stack(self.base_test)
        self.base_val = np.stack(self.base_val)
        self.base_train_in = np.stack(self.base_train_in)

    def out_of_fold(self, X, y, seed, params=None):
        probs = np.zeros((len(y), self.K))
        folds = StratifiedKFold(n_splits=FOLDS, shuffle=True, random_state=seed)
        for tr, te in folds.split(X, y):
            probs[te] = self.model(seed, params).fit(X[tr], y[tr]).proba(X[te])
        return probs

    # ------------------------------------------------------------------ audit inputs

    def write_inputs(self):
        case, ds, P = self.case, self.ds, self.P
        os.makedirs(self.dir, exist_ok=True)
        for stale in ("logs", "audit-export"):
            if os.path.isdir(os.path.join(self.dir, stale)) and not (stale == "audit-export" and self.reuse_report):
                shutil.rmtree(os.path.join(self.dir, stale))
        n_train = len(P.train)
        srcs = np.concatenate([P.train.src, P.validation.src])
        labels = np.concatenate([P.train.y, P.validation.y])
        splits = ["train"] * n_train + ["validation"] * len(P.validation)
        group_cols = sorted(ds.groups)
        header = ["id"] + (["text"] if ds.text is not None else []) + ds.num_names + ds.cat_names + group_cols + ["label", "split"]
        with open(os.path.join(self.dir, "data.csv"), "w", newline="", encoding="utf-8") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(header)
            for row, (s, label, split) in enumerate(zip(srcs, labels, splits)):
                cells = [str(row + 1)]
                if ds.text is not None:
                    cells.append(ds.text[s])
                cells += [ds.format_num(v) for v in ds.num[s]]
                cells += [str(v) for v in ds.cat[s]]
                cells += [str(ds.groups[g][s]) for g in group_cols]
                cells += [ds.classes[label], split]
                w.writerow(cells)
        train_probs = self.base_train_in if case.insample_train else np.stack(self.base_train_oof)
        with open(os.path.join(self.dir, "preds.jsonl"), "w") as f:
            for k, seed in enumerate(self.seeds):
                probs = np.concatenate([train_probs[k], self.base_val[k]])
                for row in range(len(srcs)):
                    cells = ", ".join(f'"{ds.classes[c]}": {probs[row, c]:.6f}' for c in range(self.K))
                    f.write(f'{{"id": {row + 1}, "seed": {seed}, "probs": {{{cells}}}}}\n')
        if case.logs:
            self.write_logs()
        self.audit_args = ["data.csv", "preds.jsonl"] + list(case.extra_audit_args) + (["--logs", "logs"] if case.logs else [])
        dump_json(os.path.join(self.dir, "truth.json"), self.truth_json())
        dump_json(os.path.join(self.dir, "case.json"), self.case_json())

    def write_logs(self):
        """Keras CSVLogger-style log per seed from the boosting stages: epoch = stage (0-based),
        loss/accuracy on the training rows, val_loss/val_accuracy on the evaluation rows."""
        P = self.P
        os.makedirs(os.path.join(self.dir, "logs"), exist_ok=True)
        for k, seed in enumerate(self.seeds):
            m = self.base_models[k]
            with open(os.path.join(self.dir, "logs", f"seed-{seed}.csv"), "w") as f:
                f.write("epoch,loss,accuracy,val_loss,val_accuracy\n")
                for stage, (pt, pv) in enumerate(zip(m.staged_proba(self.X_train), m.staged_proba(self.X_val))):
                    f.write(f"{stage},{stats.log_loss(pt, P.train.y):.6f},{stats.accuracy(pt, P.train.y):.6f},{stats.log_loss(pv, P.validation.y):.6f},{stats.accuracy(pv, P.validation.y):.6f}\n")

    def truth_json(self):
        P = self.P
        n_train = len(P.train)
        out = dict(P.truth)
        out["rowsNote"] = "rows are 0-based data.csv records (the audit's `row`); id = row + 1; training rows come first, then validation rows"
        out["trainRows"] = n_train
        out["validationRows"] = [n_train, n_train + len(P.validation) - 1]
        out["mislabelledTrainingRows"] = [] if P.mislabelled is None else [int(r) for r in P.mislabelled]
        out["datasetIndex"] = {
            "note": self.ds.index_note,
            "train": [int(s) for s in P.train.src],
            "validation": [int(s) for s in P.validation.src],
            "test": [int(s) for s in P.test.src],
            "pool": [int(s) for s in P.pool.src],
        }
        return out

    def case_json(self):
        case, P = self.case, self.P
        return {
            "name": case.name,
            "dataset": case.dataset,
            "problem": P.problem,
            "expectedWinner": case.expected,
            "model": {"kind": case.kind, "params": jsonable(case.params), "regularized": jsonable(self.regularized_params()), "grid": [jsonable(g) for g in self.grid()]},
            "seeds": self.seeds,
            "splits": {"train": len(P.train), "validation": len(P.validation), "test": len(P.test), "pool": len(P.pool)},
            "classes": self.ds.classes,
            "features": self.ds.feature_names(),
            "sliceColumns": sorted(self.ds.groups),
            "trainingPredictions": "in-sample (the fitted model on its own training rows)" if case.insample_train else f"out-of-fold ({FOLDS}-fold within the training rows, folds shuffled by the seed)",
            "auditArgs": self.audit_args,
            "notes": case.notes,
        }

    def regularized_params(self):
        return self.case.regularized if self.case.regularized is not None else models.regularized(self.case.kind, self.case.params)

    def grid(self):
        return self.case.grid if self.case.grid is not None else models.default_grid(self.case.kind, self.case.params)

    # ------------------------------------------------------------------ the audit

    def run_audit(self):
        export_dir = os.path.join(self.dir, "audit-export")
        report_path = os.path.join(self.dir, "report.json")
        if self.reuse_report:
            with open(report_path) as f:
                self.report = json.load(f)
        else:
            tmp = tempfile.mkdtemp(prefix="remedy-gains-")
            target = os.path.join(tmp, "export")
            try:
                cmd = ["node", self.audit_js] + self.audit_args + ["--format", "json", "--fail-on", "none", "--export", target]
                env = dict(os.environ, CI="1", NO_COLOR="1")
                done = subprocess.run(cmd, cwd=self.dir, capture_output=True, text=True, env=env)
                if done.returncode not in (0, 1):
                    raise RuntimeError(f"audit failed ({done.returncode}) on {self.case.name}: {done.stderr.strip()[:2000]}")
                self.report = json.loads(done.stdout)
                os.makedirs(export_dir, exist_ok=True)
                for name in sorted(os.listdir(target)) if os.path.isdir(target) else []:
                    if name.startswith("flagged-") and name.endswith(".csv"):
                        shutil.copyfile(os.path.join(target, name), os.path.join(export_dir, name))
            finally:
                shutil.rmtree(tmp, ignore_errors=True)
            dump_json(report_path, self.report)
        self.flags = {}
        if os.path.isdir(export_dir):
            for name in sorted(os.listdir(export_dir)):
                if name.startswith("flagged-") and name.endswith(".csv"):
                    with open(os.path.join(export_dir, name), newline="") as f:
                        self.flags[name[len("flagged-"):-len(".csv")]] = list(csv.DictReader(f))

    def flagged_rows(self, check, split):
        """data.csv rows a check's export flags, in one split ('train' or 'validation'), as positions in it."""
        n_train = len(self.P.train)
        rows = sorted({int(r["row"]) for r in self.flags.get(check, [])})
        if split == "train":
            return np.array([r for r in rows if r < n_train], dtype=int)
        return np.array([r - n_train for r in rows if r >= n_train], dtype=int)

    # ------------------------------------------------------------------ remedies

    def run(self):
        self.prepare()
        self.log(f"[{self.case.name}] train {len(self.P.train)}, validation {len(self.P.validation)}, test {len(self.P.test)}, pool {len(self.P.pool)}")
        self.train_baseline()
        self.write_inputs()
        self.run_audit()
        self.bootstrap = stats.Bootstrap(len(self.y_test), len(self.seeds), stable_seed("bootstrap", self.case.name))
        self.results = {}
        for rid, fn, kind in self.remedy_plan():
            result = fn()
            if result is None:
                continue
            result["kind"] = kind
            self.results[rid] = result
        realized = self.realized_json()
        dump_json(os.path.join(self.dir, "realized.json"), realized)
        return realized

    def remedy_plan(self):
        case = self.case
        plan = [
            ("ensemble", self.r_ensemble, "catalogue"),
            ("distill", self.r_distill, "catalogue"),
            ("rebalance", self.r_rebalance, "catalogue"),
            ("rebalance-retrain", self.r_rebalance_retrain, "variant of rebalance"),
            ("relabel", self.r_relabel, "catalogue"),
            ("relabel-drop", self.r_relabel_drop, "variant of relabel"),
        ]
        if self.P.mislabelled is not None and len(self.P.mislabelled):
            plan.append(("relabel-oracle", self.r_relabel_oracle, "reference: every planted label error corrected"))
        plan += [
            ("deduplicate", self.r_deduplicate, "catalogue"),
            ("fix-leakage", self.r_fix_leakage, "catalogue"),
        ]
        if len(self.P.pool):
            plan += [
                ("targeted-data", self.r_targeted, "catalogue"),
                ("more-data", self.r_more_data, "variant of targeted-data: as many random pool rows"),
            ]
        plan += [
            ("augment", self.r_augment, "catalogue"),
            ("regularize", self.r_regularize, "catalogue"),
            ("hyperparameter-search", self.r_hpsearch, "catalogue"),
            ("calibrate", self.r_calibrate, "catalogue"),
            ("control-reseed", self.r_control_reseed, "control"),
            ("control-drop-random", self.r_control_drop, "control"),
        ]
        skip = set(case.skip_remedies)
        return [p for p in plan if p[0] not in skip]

    def retrain(self, make, params=None, seed_offset=0):
        """make(k, seed) -> (X, y, weight or None); fits the case's model per seed, returns S x N x K test probabilities."""
        out = []
        for k, seed in enumerate(self.seeds):
            X, y, w = make(k, seed)
            out.append(self.model(seed + seed_offset, params).fit(X, y, w).proba(self.X_test))
        return np.stack(out)

    def unchanged(self, applied):
        return {"probs": self.base_test.copy(), "applied": applied, "retrained": False}

    def r_ensemble(self):
        ens = self.base_test.mean(0)
        return {"probs": np.stack([ens] * len(self.seeds)), "applied": f"average of the {len(self.seeds)} seeds' test probabilities; each seed compared with the ensemble", "retrained": False}

    def r_distill(self):
        teacher = self.base_train_in.mean(0).argmax(1)
        changed = int(np.sum(teacher != self.P.train.y))
        probs = self.retrain(lambda k, seed: (self.X_train, teacher, None))
        return {"probs": probs, "applied": f"hard distillation: one model of the same kind per seed trained on the {len(teacher)} training rows labelled with the argmax of the {len(self.seeds)}-seed ensemble's in-sample probabilities ({changed} rows get a label other than the given one)", "retrained": True, "relabelledByTeacher": changed}

    def r_rebalance(self):
        out, weights = [], []
        for k in range(len(self.seeds)):
            w = stats.prior_weights(self.base_val[k], self.y_val, self.K)
            weights.append([r4(x / w.sum() * self.K) for x in w])
            out.append(stats.apply_prior(self.base_test[k], w))
        return {"probs": np.stack(out), "applied": f"post-hoc prior correction: per seed, class weights w (p' proportional to w_y p) fitted on the {len(self.y_val)} evaluation rows by minimising log loss (L-BFGS-B), applied to the test probabilities", "retrained": False, "classWeights": weights}

    def r_rebalance_retrain(self):
        y = self.P.train.y
        counts = np.bincount(y, minlength=self.K).astype(float)
        present = counts > 0
        w = np.zeros(self.K)
        w[present] = len(y) / (present.sum() * counts[present])
        probs = self.retrain(lambda k, seed: (self.X_train, y, w[y]))
        how = "sample weights" if self.case.kind != "mlp" else "rows resampled in proportion to the weights (MLPClassifier takes no sample weights)"
        return {"probs": probs, "applied": f"retrained with class_weight='balanced' ({how}; training class counts {[int(c) for c in counts]})", "retrained": True}

    def relabel_rows(self):
        return self.flagged_rows("label-noise", "train")

    def r_relabel(self):
        rows = self.relabel_rows()
        P = self.P
        if len(rows) == 0:
            return self.unchanged("the audit flags no training row as a likely label error: nothing to relabel")
        y = P.train.y.copy()
        wrong = rows[P.train.y[rows] != P.train_true[rows]]
        y[rows] = P.train_true[rows]
        total_wrong = int(np.sum(P.train.y != P.train_true))
        counts = {"flaggedTrainingRows": int(len(rows)), "corrected": int(len(wrong)), "wrongTrainingLabels": total_wrong}
        if len(wrong) == 0:  # the reviewer confirms every flagged label: the training set, hence the model, is unchanged
            result = self.unchanged(f"a perfect reviewer checks the {rows_text(len(rows), 'training row')} the audit flags (label-noise export): none is wrong ({total_wrong} training labels are wrong in all), so every label stays and the model is unchanged")
            result.update(counts)
            return result
        probs = self.retrain(lambda k, seed: (self.X_train, y, None))
        result = {"probs": probs, "applied": f"a perfect reviewer gives the {rows_text(len(rows), 'training row')} the audit flags (label-noise export) their true label: {len(wrong)} of them were wrong and are corrected ({total_wrong} training labels are wrong in all), {len(rows) - len(wrong)} keep their label; retrained", "retrained": True}
        result.update(counts)
        return result

    def r_relabel_drop(self):
        rows = self.relabel_rows()
        P = self.P
        if len(rows) == 0:
            return self.unchanged("the audit flags no training row as a likely label error: nothing to drop")
        keep = np.setdiff1d(np.arange(len(P.train)), rows)
        wrong = int(np.sum(P.train.y[rows] != P.train_true[rows]))
        probs = self.retrain(lambda k, seed: (self.X_train[keep], P.train.y[keep], None))
        return {"probs": probs, "applied": f"the {rows_text(len(rows), 'training row')} the audit flags as likely label errors dropped ({wrong} of them wrong); retrained on {len(keep)}", "retrained": True, "dropped": int(len(rows))}

    def r_relabel_oracle(self):
        P = self.P
        probs = self.retrain(lambda k, seed: (self.X_train, P.train_true, None))
        return {"probs": probs, "applied": f"every one of the {len(P.mislabelled)} planted label errors in training corrected (what a perfect detector and reviewer would give); retrained", "retrained": True}

    def dedup_drop(self):
        """Training rows to drop: the rows the duplicate checks flag, keeping one training row per group."""
        P = self.P
        n_train = len(P.train)
        groups = {}
        drop = set()
        for check in ("duplicates", "near-duplicates"):
            for r in self.flags.get(check, []):
                row = int(r["row"])
                first = first_row_of(r.get("reason", ""))
                if first is None:  # a wording without the group's first row: drop the flagged row, as the cleaned copy does
                    if row < n_train:
                        drop.add(row)
                    continue
                groups.setdefault((check, first), {first}).add(row)
        flagged = {int(r["row"]) for check in ("duplicates", "near-duplicates") for r in self.flags.get(check, [])}
        for members in groups.values():
            train_members = sorted(m for m in members if m < n_train)
            keep = None
            for m in train_members:
                if m not in flagged:
                    keep = m
                    break
            if keep is None and train_members:
                keep = train_members[0]
            drop.update(m for m in train_members if m != keep)
        return np.array(sorted(drop), dtype=int)

    def r_deduplicate(self):
        P = self.P
        drop = self.dedup_drop()
        if len(drop) == 0:
            return self.unchanged("the audit flags no duplicate among the training rows: nothing to drop")
        keep = np.setdiff1d(np.arange(len(P.train)), drop)
        planted = set(int(r) for r in P.truth.get("duplicateCopyRows", []))
        probs = self.retrain(lambda k, seed: (self.X_train[keep], P.train.y[keep], None))
        extra = f"; {len(planted & set(drop.tolist()))} of the {len(planted)} planted copies among them" if planted else ""
        return {"probs": probs, "applied": f"{len(drop)} training rows dropped as duplicates (one row kept per duplicate group, as the audit's cleaned copy does){extra}; retrained on {len(keep)}", "retrained": True, "dropped": int(len(drop))}

    def r_fix_leakage(self):
        P = self.P
        leaked = self.flagged_rows("leakage", "validation")
        accs_all = [stats.accuracy(self.base_val[k], self.y_val) for k in range(len(self.seeds))]
        keep = np.setdiff1d(np.arange(len(P.validation)), leaked)
        accs_clean = [stats.accuracy(self.base_val[k][keep], self.y_val[keep]) for k in range(len(self.seeds))] if len(keep) else accs_all
        planted = set(int(r) for r in P.truth.get("leakedValidationRows", []))
        over = float(np.mean(accs_all) - np.mean(accs_clean))
        if len(leaked):
            what = f"the {rows_text(len(leaked), 'evaluation row')} the audit flags as copies of training rows dropped from the evaluation set"
            if planted:
                what += f" ({len(planted & set(leaked.tolist()))} of the {len(planted)} planted copies among them)"
        else:
            what = "the audit flags no evaluation row as a copy of a training row: nothing to drop"
        result = self.unchanged(f"{what}; the model and the test set are unchanged, so the test gain is 0 by construction")
        result["evaluationAccuracy"] = points(np.mean(accs_all))
        result["evaluationAccuracyWithoutLeaked"] = points(np.mean(accs_clean))
        result["evaluationOverstatement"] = points(over)
        result["leakedEvaluationRowsFlagged"] = int(len(leaked))
        return result

    def weak_group(self):
        """The planted group, else the class with the lowest recall of the baseline ensemble on the evaluation rows."""
        if self.P.weak is not None:
            return self.P.weak
        P = self.P
        ens = self.base_val.mean(0).argmax(1)
        recalls = [np.mean(ens[self.y_val == c] == c) if np.any(self.y_val == c) else 1.0 for c in range(self.K)]
        c = int(np.argmin(recalls))
        n_add = int(round(TARGETED_SHARE * len(P.train)))
        return Weak(f'class "{self.ds.classes[c]}" (lowest evaluation recall of the baseline ensemble, {recalls[c]:.3f})', P.train.y == c, P.pool.y == c, self.y_test == c, n_add, f"{TARGETED_SHARE:.0%} of the training rows")

    def r_targeted(self):
        P = self.P
        weak = self.weak_group()
        candidates = np.flatnonzero(weak.pool_mask)
        n = min(weak.n_add, len(candidates))
        if n == 0:
            return self.unchanged(f"no pool rows of {weak.describe}: nothing to collect")

        def make(k, seed):
            rng = np.random.default_rng(stable_seed(self.case.name, "targeted", seed))
            pick = np.sort(rng.choice(candidates, n, replace=False))
            return np.concatenate([self.X_train, self.X_pool[pick]]), np.concatenate([P.train.y, P.pool.y[pick]]), None

        probs = self.retrain(make)
        return {"probs": probs, "applied": f"{n} pool rows of {weak.describe} added to the {len(P.train)} training rows (drawn per seed from the {len(candidates)} in the pool; {weak.basis}{', as many as the pool holds' if n < weak.n_add else ''}); retrained", "retrained": True, "added": n}

    def r_more_data(self):
        P = self.P
        weak = self.weak_group()
        natural = np.flatnonzero(P.pool_natural)
        n = min(weak.n_add, int(np.sum(weak.pool_mask)), len(natural))
        if n == 0:
            return None

        def make(k, seed):
            rng = np.random.default_rng(stable_seed(self.case.name, "more-data", seed))
            pick = np.sort(rng.choice(natural, n, replace=False))
            return np.concatenate([self.X_train, self.X_pool[pick]]), np.concatenate([P.train.y, P.pool.y[pick]]), None

        probs = self.retrain(make)
        return {"probs": probs, "applied": f"{n} random pool rows drawn from the {len(natural)} pool rows of the natural mix (any group or class; as many as targeted-data adds where the pool allows) added to the training rows; the control for targeting; retrained", "retrained": True, "added": n}

    def r_augment(self):
        P, ds = self.P, self.ds
        weak = self.weak_group()
        rows = np.flatnonzero(weak.train_mask)
        if len(rows) == 0 or weak.n_add == 0:
            return self.unchanged(f"no training rows of {weak.describe} to augment")
        copies = int(min(MAX_COPIES, math.ceil(weak.n_add / len(rows))))
        n = min(weak.n_add, copies * len(rows))

        def make(k, seed):
            rng = np.random.default_rng(stable_seed(self.case.name, "augment", seed))
            chosen = rng.permutation(np.tile(rows, copies))[:n]
            src = P.train.src[chosen]
            if ds.text is not None:
                copies_text = np.array([word_dropout(t, rng) for t in ds.text[src]], dtype=object)
                return np.concatenate([self.X_train, copies_text]), np.concatenate([P.train.y, P.train.y[chosen]]), None
            num = ds.num[src]
            cat = ds.cat[src]
            if ds.image:
                num = shift_images(num, rng)
            elif num.shape[1]:
                train_num = ds.num[P.train.src]
                sd = train_num.std(0)
                num = num + rng.normal(0, 1, num.shape) * JITTER * sd
                num = np.clip(num, train_num.min(0), train_num.max(0))
            if cat.shape[1]:
                train_cat = ds.cat[P.train.src]
                cat = cat.copy()
                for j in range(cat.shape[1]):
                    redraw = rng.random(len(cat)) < CATEGORY_RESAMPLE
                    cat[redraw, j] = train_cat[rng.integers(0, len(train_cat), int(redraw.sum())), j]
            X = np.vstack([self.X_train, ds.encode(num, cat)])
            y = np.concatenate([P.train.y, P.train.y[chosen]])
            return X, y, None

        if ds.text is not None:
            how = f"word dropout: each word of a copy left out with probability {WORD_DROPOUT}, at least one word kept"
        elif ds.image:
            how = "1-pixel shifts (a random direction per copy, edges replicated)"
        else:
            how = f"Gaussian noise of {JITTER} training std per numeric feature, clipped to the training range{', categorical cells redrawn from their column with probability ' + str(CATEGORY_RESAMPLE) if ds.cat.shape[1] else ''}"
        probs = self.retrain(make)
        return {"probs": probs, "applied": f"{n} {'word-dropout' if ds.text is not None else 'jittered'} copies of the {len(rows)} training rows of {weak.describe} (at most {copies} per row; {weak.basis}; {how}); retrained", "retrained": True, "added": int(n)}

    def r_regularize(self):
        params = self.regularized_params()
        probs = self.retrain(lambda k, seed: (self.X_train, self.P.train.y, None), params=params)
        return {"probs": probs, "applied": f"the same model with stronger regularisation: {describe_params(params)} (was {describe_params(self.case.params)}); retrained", "retrained": True}

    def r_hpsearch(self):
        P = self.P
        grid = self.grid()
        out, chosen = [], []
        for k, seed in enumerate(self.seeds):
            folds = list(StratifiedKFold(n_splits=CV_FOLDS, shuffle=True, random_state=1000 + seed).split(self.X_train, P.train.y))
            scores = []
            for params in grid:
                accs = [np.mean(self.model(seed, params).fit(self.X_train[tr], P.train.y[tr]).proba(self.X_train[te]).argmax(1) == P.train.y[te]) for tr, te in folds]
                scores.append(float(np.mean(accs)))
            best = int(np.argmax(scores))
            chosen.append(best)
            out.append(self.model(seed, grid[best]).fit(self.X_train, P.train.y).proba(self.X_test))
        picks = ", ".join(f"seed {s}: {describe_params(grid[b])}" for s, b in zip(self.seeds, chosen))
        return {"probs": np.stack(out), "applied": f"{len(grid)} configurations searched by {CV_FOLDS}-fold CV on the training rows (given labels) per seed; best refitted on all training rows ({picks})", "retrained": True, "chosen": [jsonable(grid[b]) for b in chosen]}

    def r_calibrate(self):
        out, temps, ll_before, ll_after, ece_before, ece_after = [], [], [], [], [], []
        for k in range(len(self.seeds)):
            t = stats.temperature(self.base_val[k], self.y_val)
            q = stats.apply_temperature(self.base_test[k], t)
            out.append(q)
            temps.append(r4(t))
            ll_before.append(stats.log_loss(self.base_test[k], self.y_test))
            ll_after.append(stats.log_loss(q, self.y_test))
            ece_before.append(stats.ece(self.base_test[k], self.y_test))
            ece_after.append(stats.ece(q, self.y_test))
        return {
            "probs": np.stack(out),
            "applied": "temperature scaling fitted per seed on the evaluation rows (log loss), applied to the test probabilities; accuracy unchanged by construction (argmax kept)",
            "retrained": False,
            "temperatures": temps,
            "testLogLoss": {"before": r4(np.mean(ll_before)), "after": r4(np.mean(ll_after))},
            "testEce": {"before": r4(np.mean(ece_before)), "after": r4(np.mean(ece_after))},
        }

    def r_control_reseed(self):
        probs = self.retrain(lambda k, seed: (self.X_train, self.P.train.y, None), seed_offset=1000)
        return {"probs": probs, "applied": "control: the same model retrained on the same rows with seed + 1000 (the gain of retraining alone; 0 for a deterministic model)", "retrained": True}

    def r_control_drop(self):
        P = self.P
        n = int(round(CONTROL_DROP * len(P.train)))

        def make(k, seed):
            rng = np.random.default_rng(stable_seed(self.case.name, "drop-random", seed))
            keep = np.sort(rng.choice(len(P.train), len(P.train) - n, replace=False))
            return self.X_train[keep], P.train.y[keep], None

        probs = self.retrain(make)
        return {"probs": probs, "applied": f"control: {n} random training rows ({CONTROL_DROP:.0%}) dropped per seed; retrained", "retrained": True, "dropped": n}

    # ------------------------------------------------------------------ realized gains

    def realized_json(self):
        y = self.y_test
        S = len(self.seeds)
        base_acc = np.array([stats.accuracy(self.base_test[k], y) for k in range(S)])
        base_bal = np.array([stats.balanced_accuracy(self.base_test[k], y) for k in range(S)])
        base_correct = np.stack([self.base_test[k].argmax(1) == y for k in range(S)]).astype(float)
        ens = self.base_test.mean(0)
        baseline = {
            "testRows": int(len(y)),
            "testAccuracy": points(base_acc.mean()),
            "testAccuracyPerSeed": [points(a) for a in base_acc],
            "testBalancedAccuracy": points(base_bal.mean()),
            "ensembleTestAccuracy": points(stats.accuracy(ens, y)),
            "evaluationAccuracy": points(np.mean([stats.accuracy(self.base_val[k], self.y_val) for k in range(S)])),
            "trainingAccuracyInSample": points(np.mean([stats.accuracy(self.base_train_in[k], self.P.train.y) for k in range(S)])),
            "testLogLoss": r4(np.mean([stats.log_loss(self.base_test[k], y) for k in range(S)])),
            "testEce": r4(np.mean([stats.ece(self.base_test[k], y) for k in range(S)])),
        }
        weak = self.weak_group()
        wt = weak.test_mask
        base_weak = np.array([stats.accuracy(self.base_test[k][wt], y[wt]) for k in range(S)]) if wt.any() else None
        baseline["weakGroup"] = weak.describe
        baseline["weakGroupTestRows"] = int(wt.sum())
        baseline["weakGroupTestAccuracy"] = points(base_weak.mean()) if base_weak is not None else None
        remedies = {}
        for rid, res in self.results.items():
            probs = res.pop("probs")
            acc = np.array([stats.accuracy(probs[k], y) for k in range(S)])
            bal = np.array([stats.balanced_accuracy(probs[k], y) for k in range(S)])
            correct = np.stack([probs[k].argmax(1) == y for k in range(S)]).astype(float)
            diff = correct - base_correct
            lo, hi = self.bootstrap.interval(diff) if np.any(diff) else (0.0, 0.0)
            entry = {
                "gain": points(np.mean(acc - base_acc)),
                "interval": [points(lo), points(hi)],
                "perSeed": [points(a - b) for a, b in zip(acc, base_acc)],
                "balancedAccuracyGain": points(np.mean(bal - base_bal)),
                "testAccuracy": points(acc.mean()),
            }
            if base_weak is not None:
                entry["weakGroupGain"] = points(np.mean([stats.accuracy(probs[k][wt], y[wt]) for k in range(S)]) - base_weak.mean())
            for key, value in res.items():
                entry[key] = value
            remedies[rid] = entry
        return {
            "case": self.case.name,
            "dataset": self.case.dataset,
            "units": ACCURACY_NOTE + "; interval: 95% percentile interval of a two-way bootstrap over test rows and seeds (paired, 2,000 resamples, seeded)",
            "baseline": baseline,
            "remedies": remedies,
            "auditFlags": {check: len(rows) for check, rows in sorted(self.flags.items())},
        }


def rows_text(n, noun):
    return f"{n} {noun}{'' if n == 1 else 's'}"


def first_row_of(reason):
    """'exact duplicate of row 41 (line 43); group of 3' -> 41 (None when the wording has no row)."""
    import re

    m = re.search(r"\bof (?:record |row )(\d+)", reason)
    if m:
        return int(m.group(1))
    m = re.search(r"row (\d+)", reason)
    return int(m.group(1)) if m else None


def word_dropout(text, rng):
    """A copy of a text with each whitespace-separated word left out with probability WORD_DROPOUT (at least one kept)."""
    words = text.split(" ")
    keep = rng.random(len(words)) >= WORD_DROPOUT
    if not keep.any():
        keep[int(rng.integers(0, len(words)))] = True
    return " ".join(w for w, k in zip(words, keep) if k)


def shift_images(num, rng):
    """1-pixel shifts of 8x8 images, one random direction per image, edge pixels replicated."""
    imgs = num.reshape(-1, 8, 8)
    out = np.empty_like(imgs)
    directions = rng.integers(0, 4, len(imgs))
    padded = np.pad(imgs, ((0, 0), (1, 1), (1, 1)), mode="edge")
    offsets = [(0, 1), (2, 1), (1, 0), (1, 2)]  # content moves down, up, right, left
    for d, (dr, dc) in enumerate(offsets):
        sel = directions == d
        out[sel] = padded[sel, dr:dr + 8, dc:dc + 8]
    return out.reshape(len(num), 64)


def jsonable(params):
    return {k: (list(v) if isinstance(v, tuple) else v) for k, v in sorted(params.items())}


def describe_params(params):
    return ", ".join(f"{k}={list(v) if isinstance(v, tuple) else v}" for k, v in sorted(params.items()))
