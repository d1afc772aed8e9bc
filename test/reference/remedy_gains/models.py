"""The models the cases train, behind one small interface: fit with optional sample weights,
class probabilities over every class of the case (a class absent from a training fold gets 0),
staged probabilities for gradient boosting (the training log), and the strength of
regularisation each remedy turns.

Kinds:
  - logreg: StandardScaler + LogisticRegression (lbfgs; deterministic, so its seeds differ only
    where the harness draws something: folds, pool rows, jitter);
  - gbm: GradientBoostingClassifier (seed = random_state: feature permutation and subsampling);
  - mlp: StandardScaler + MLPClassifier (seed = weight initialisation and minibatch order);
  - tfidf-logreg: TfidfVectorizer + LogisticRegression on one text column (the vectoriser is
    fitted on the rows the model is trained on; params ngram_range, sublinear_tf and min_df go
    to the vectoriser, the others to the logistic regression; lbfgs, deterministic like logreg).
"""

import warnings

import numpy as np
from sklearn.ensemble import GradientBoostingClassifier
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

warnings.filterwarnings("ignore", category=ConvergenceWarning)
warnings.filterwarnings("ignore", message="The least populated class")

VECTORIZER_PARAMS = ("ngram_range", "sublinear_tf", "min_df")


def build(kind, params, seed):
    if kind == "logreg":
        return make_pipeline(StandardScaler(), LogisticRegression(max_iter=5000, **params))
    if kind == "gbm":
        return GradientBoostingClassifier(random_state=seed, **params)
    if kind == "mlp":
        return make_pipeline(StandardScaler(), MLPClassifier(random_state=seed, **params))
    if kind == "tfidf-logreg":
        vec = {k: (tuple(v) if k == "ngram_range" else v) for k, v in params.items() if k in VECTORIZER_PARAMS}
        clf = {k: v for k, v in params.items() if k not in VECTORIZER_PARAMS}
        return make_pipeline(TfidfVectorizer(**vec), LogisticRegression(max_iter=5000, **clf))
    raise ValueError(kind)


class Model:
    """One fitted model of a case: kind, parameters, seed; probabilities over all K classes."""

    def __init__(self, kind, params, seed, classes):
        self.kind = kind
        self.params = dict(params)
        self.seed = seed
        self.classes = classes
        self.est = None

    def fit(self, X, y, weight=None):
        present = np.unique(y)
        if len(present) == 1:  # a fold with one class: a constant model
            self.est = ("constant", int(present[0]))
            return self
        est = build(self.kind, self.params, self.seed)
        if weight is None:
            est.fit(X, y)
        elif self.kind == "gbm":
            est.fit(X, y, sample_weight=weight)
        elif self.kind in ("logreg", "tfidf-logreg"):
            est.fit(X, y, logisticregression__sample_weight=weight)
        else:
            # MLPClassifier (scikit-learn 1.2) takes no sample weights: resample rows in
            # proportion to their weights instead (seeded), as many rows as before.
            rng = np.random.default_rng(10_000 + self.seed)
            p = np.asarray(weight, dtype=float) / np.sum(weight)
            idx = np.sort(rng.choice(len(y), len(y), replace=True, p=p))
            est.fit(X[idx], y[idx])
        self.est = est
        return self

    def proba(self, X):
        out = np.zeros((len(X), self.classes))
        if isinstance(self.est, tuple):
            out[:, self.est[1]] = 1.0
            return out
        p = self.est.predict_proba(X)
        out[:, self.est.classes_.astype(int)] = p
        return out

    def staged_proba(self, X):
        """Gradient boosting only: probabilities after each stage (over all K classes)."""
        for p in self.est.staged_predict_proba(X):
            out = np.zeros((len(X), self.classes))
            out[:, self.est.classes_.astype(int)] = p
            yield out


def regularized(kind, params):
    """The same model with stronger regularisation, as a practitioner would first try it."""
    p = dict(params)
    if kind in ("logreg", "tfidf-logreg"):
        p["C"] = p.get("C", 1.0) / 10
    elif kind == "mlp":
        p["alpha"] = p.get("alpha", 1e-4) * 10
    elif kind == "gbm":
        p["max_depth"] = max(2, min(3, p.get("max_depth", 3) - 1))
        p["subsample"] = 0.8
        p["n_estimators"] = max(50, p.get("n_estimators", 100) // 2)
        p["learning_rate"] = min(0.1, p.get("learning_rate", 0.1))
    return p


def default_grid(kind, params):
    """4-8 configurations searched by 3-fold CV on the training rows (the baseline's included)."""
    base = dict(params)
    if kind == "logreg":
        return [{**base, "C": c} for c in (0.01, 0.03, 0.1, 0.3, 1.0, 3.0)]
    if kind == "tfidf-logreg":
        return [{**base, "C": c} for c in (0.3, 1.0, 3.0, 10.0, 30.0, 100.0)]
    if kind == "mlp":
        grid = []
        for hidden in ((base.get("hidden_layer_sizes", (8,))), (32,)):
            for alpha in (1e-4, 1e-2, 1e-1):
                grid.append({**base, "hidden_layer_sizes": tuple(hidden), "alpha": alpha})
        return grid
    if kind == "gbm":
        grid = [dict(base)]
        for depth, stages, rate, sub in ((2, 100, 0.1, 0.8), (3, 100, 0.1, 0.8), (3, 200, 0.05, 0.8), (4, 100, 0.05, 0.8), (3, 50, 0.1, 1.0)):
            config = {**base, "max_depth": depth, "n_estimators": stages, "learning_rate": rate, "subsample": sub}
            if config not in grid:
                grid.append(config)
        return grid
    raise ValueError(kind)
