"""Writes fixtures/proxy-logistic/: scikit-learn's multinomial logistic regression on four fixed
feature matrices and the same stratified folds, for test/logistic-regression.test.ts (the
TypeScript proxy learner must reach the same fits), and the hashed TF-IDF of the text case, for
test/proxy-features.test.ts (the TypeScript feature preparation must build the same matrix).

Cases (each <case>.npz, its fits summarised in expected.json):
  - breast_cancer: the 30 features standardised (StandardScaler on all 569 rows), binary;
  - digits: the 64 pixels divided by 16 (exact in float32), 10 classes;
  - text: 600 generated short texts in 3 classes (seeded; some non-ASCII words), hashed TF-IDF
    as src/math/hashed-tfidf.ts builds it: HashingVectorizer(alternate_sign=False, norm=None) of
    word 1-2-grams into 2^11 buckets beside char_wb 2-4-grams into 2^11 more, NFC and lower-case
    as preprocessor, TfidfTransformer(sublinear_tf=True) per block, each block L2-normalised,
    then the row L2-normalised; CSR. The idf is fitted on all rows (the matrix the fits use) and,
    as `fold0_*`, on the training rows of fold 0 only (what fitRows changes);
  - weights: wine standardised, 3 classes, with sample weights (a seeded draw from
    {0, 0.5, 1, 2, 3} times balanced class weights; about 10% of rows weighted 0).
Feature values are rounded to float32 (what the TypeScript matrices hold), and scikit-learn fits
on those rounded values as float64, so both sides see the same numbers.

Folds: StratifiedKFold(5, shuffle=True, random_state=0). Per fold, on the training rows:
LogisticRegression(C=1.0, max_iter=1000, tol=1e-8, multi_class='multinomial', solver='lbfgs');
recorded: coef_, intercept_, n_iter_, the objective 0.5*||W||^2 + C * sum_i s_i * logloss_i at
scikit-learn's solution (binary: W = [-coef_, coef_], the two-class softmax sklearn fits), the
largest gradient component there, and on the held-out rows the accuracy and the mean log loss.
scikit-learn stops on its relative-decrease test (scipy's ftol 2.2e-9) well before tol=1e-8, with
gradients up to 1e-2; so each fold also records the optimum: scikit-learn's own loss function
minimised further by scipy's L-BFGS-B from scikit-learn's solution, relative-decrease stop off,
as far as it gets (largest gradient components of 1e-8 to 1e-6, recorded), as `optimum_coef` and
`optimum_intercept`, with the same figures.

    OMP_NUM_THREADS=1 /usr/bin/python3 test/reference/proxy_logistic.py   # Debian's python3-sklearn 1.2.1, numpy 1.24
"""

import json
import os
import unicodedata

import numpy as np
import scipy.sparse as sp
from scipy.optimize import minimize
from scipy.special import logsumexp
from sklearn._loss.loss import HalfMultinomialLoss
from sklearn.datasets import load_breast_cancer, load_digits, load_wine
from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.linear_model._linear_loss import LinearModelLoss
from sklearn.model_selection import StratifiedKFold
from sklearn.preprocessing import StandardScaler, normalize
from sklearn.utils.murmurhash import murmurhash3_32

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "fixtures", "proxy-logistic")
C = 1.0
BLOCK_BUCKETS = 2**11


def float32(x):
    return x.astype(np.float32).astype(np.float64)


def standardised(x):
    return float32(StandardScaler().fit_transform(x))


def preprocess(text):
    return unicodedata.normalize("NFC", text).lower()


def tfidf_block(counts, fit_rows):
    return TfidfTransformer(sublinear_tf=True, norm="l2", smooth_idf=True).fit(counts[fit_rows]).transform(counts)


def hashed_tfidf(texts, fit_rows):
    word = HashingVectorizer(n_features=BLOCK_BUCKETS, alternate_sign=False, norm=None, analyzer="word", ngram_range=(1, 2), preprocessor=preprocess)
    char = HashingVectorizer(n_features=BLOCK_BUCKETS, alternate_sign=False, norm=None, analyzer="char_wb", ngram_range=(2, 4), preprocessor=preprocess)
    blocks = [tfidf_block(word.transform(texts), fit_rows), tfidf_block(char.transform(texts), fit_rows)]
    matrix = normalize(sp.hstack(blocks).tocsr(), norm="l2")
    matrix.sort_indices()
    matrix.data = float32(matrix.data)
    matrix.eliminate_zeros()
    return matrix


TOPICS = [
    "goal match league striker keeper referee penalty season coach stadium transfer derby",
    "vote minister election parliament policy budget senate campaign mayor reform coalition tax",
    "recipe oven garlic butter flour simmer dough café naïve crème brûlée spice roast",
]
COMMON = "the a of and to in is it for on with was new this that very really just more about after über 東京 привет 🙂 news today"


def generate_texts(seed=7, count=600):
    rng = np.random.RandomState(seed)
    common = COMMON.split()
    texts, labels = [], []
    for i in range(count):
        label = i % 3
        topic = TOPICS[label].split()
        words = []
        for _ in range(rng.randint(4, 16)):
            pool = topic if rng.rand() < 0.35 else common
            word = pool[rng.randint(len(pool))]
            if rng.rand() < 0.1:
                word = word.upper() if rng.rand() < 0.5 else word.capitalize()
            words.append(word)
        text = " ".join(words)
        if rng.rand() < 0.3:
            text += rng.choice(["!", "?", "...", " :)", ", ok."])
        if rng.rand() < 0.1:
            text = "  " + text.replace(" ", "\t", 1) + "\n"
        texts.append(text)
        labels.append(label)
    # 5% of the labels flipped so the classes overlap and the probabilities stay away from 0 and 1.
    flip = rng.rand(count) < 0.05
    labels = np.array(labels)
    labels[flip] = (labels[flip] + 1 + rng.randint(2, size=flip.sum())) % 3
    return texts, labels.astype(np.int32)


def folds_of(y):
    fold = np.zeros(len(y), dtype=np.int8)
    for index, (_, test) in enumerate(StratifiedKFold(n_splits=5, shuffle=True, random_state=0).split(np.zeros(len(y)), y)):
        fold[test] = index
    return fold


def full_coefficients(model, classes):
    coef, intercept = model.coef_, model.intercept_
    if classes == 2:
        return np.vstack([-coef, coef]), np.concatenate([-intercept, intercept])
    return coef, intercept


def objective_and_gradient(W, b, x, y, weight):
    z = x @ W.T + b
    z = np.asarray(z)
    lse = logsumexp(z, axis=1)
    loss = C * np.sum(weight * (lse - z[np.arange(len(y)), y])) + 0.5 * np.sum(W * W)
    residual = np.exp(z - lse[:, None])
    residual[np.arange(len(y)), y] -= 1
    residual *= (C * weight)[:, None]
    grad_w = np.asarray(x.T @ residual).T + W
    grad_b = residual.sum(axis=0)
    return loss, max(np.abs(grad_w).max(), np.abs(grad_b).max())


def polished(W, b, x, y, weight):
    """scikit-learn's own objective (the LinearModelLoss its lbfgs solver minimises; C = 1 so its
    l2_reg_strength 1/C gives our F exactly) minimised further by scipy's L-BFGS-B from
    scikit-learn's solution, with the relative-decrease stop off (gtol 1e-9; it stops on its line
    search at gradients of 1e-8 to 1e-6): far closer to the optimum than scikit-learn's own stop
    (ftol 2.2e-9) leaves it."""
    classes = W.shape[0]
    loss = LinearModelLoss(base_loss=HalfMultinomialLoss(n_classes=classes), fit_intercept=True)
    start = np.hstack([W, b[:, None]]).ravel(order="F")
    args = (x, y.astype(np.float64), weight, 1.0 / C, 1)
    result = minimize(loss.loss_gradient, start, method="L-BFGS-B", jac=True, args=args, options={"gtol": 1e-9, "ftol": 0, "maxiter": 20000, "maxfun": 40000, "maxls": 50})
    coef = result.x.reshape((classes, -1), order="F")
    return coef[:, :-1], coef[:, -1]


def held_out(W, b, x, y):
    z = np.asarray(x @ W.T + b)
    log_p = z - logsumexp(z, axis=1)[:, None]
    return float(np.mean(np.argmax(z, axis=1) == y)), float(-np.mean(log_p[np.arange(len(y)), y]))


def run_case(name, x, y, weight=None):
    classes = int(y.max()) + 1
    fold = folds_of(y)
    weight_all = np.ones(len(y)) if weight is None else weight
    coefs, intercepts, optimum_coefs, optimum_intercepts, summary = [], [], [], [], []
    for f in range(5):
        train, test = np.where(fold != f)[0], np.where(fold == f)[0]
        model = LogisticRegression(C=C, max_iter=1000, tol=1e-8, multi_class="multinomial", solver="lbfgs")
        model.fit(x[train], y[train], sample_weight=None if weight is None else weight[train])
        W, b = full_coefficients(model, classes)
        p = model.predict_proba(x[test])
        objective, gradient = objective_and_gradient(W, b, x[train], y[train], weight_all[train])
        W_opt, b_opt = polished(W, b, x[train], y[train], weight_all[train])
        optimum, optimum_gradient = objective_and_gradient(W_opt, b_opt, x[train], y[train], weight_all[train])
        optimum_accuracy, optimum_log_loss = held_out(W_opt, b_opt, x[test], y[test])
        coefs.append(W)
        intercepts.append(b)
        optimum_coefs.append(W_opt)
        optimum_intercepts.append(b_opt)
        predicted = model.predict(x[test])
        summary.append({
            "fold": f,
            "trainRows": int(len(train)),
            "testRows": int(len(test)),
            "sklearn": {
                "iterations": int(model.n_iter_[0]),
                "objective": float(objective),
                "gradientMaxAbs": float(gradient),
                "accuracy": float(np.mean(predicted == y[test])),
                "correct": int(np.sum(predicted == y[test])),
                "logLoss": float(-np.mean(np.log(p[np.arange(len(test)), y[test]]))),
            },
            "optimum": {
                "objective": float(optimum),
                "gradientMaxAbs": float(optimum_gradient),
                "accuracy": optimum_accuracy,
                "logLoss": optimum_log_loss,
            },
        })
    arrays = {
        "y": y.astype(np.int32),
        "fold": fold,
        "coef": np.array(coefs),
        "intercept": np.array(intercepts),
        "optimum_coef": np.array(optimum_coefs),
        "optimum_intercept": np.array(optimum_intercepts),
    }
    if sp.issparse(x):
        arrays.update({"indptr": x.indptr.astype(np.int32), "indices": x.indices.astype(np.int32), "data": x.data.astype(np.float32), "shape": np.array(x.shape, dtype=np.int32)})
    else:
        arrays["x"] = x.astype(np.float32)
    if weight is not None:
        arrays["sample_weight"] = weight
    np.savez_compressed(os.path.join(OUT, f"{name}.npz"), **arrays)
    return {"rows": int(x.shape[0]), "dims": int(x.shape[1]), "classes": classes, "folds": summary}


def main():
    os.makedirs(OUT, exist_ok=True)
    expected = {"C": C, "sklearn": "LogisticRegression(C=1.0, max_iter=1000, tol=1e-8, multi_class='multinomial', solver='lbfgs')", "cases": {}}

    cancer = load_breast_cancer()
    expected["cases"]["breast_cancer"] = run_case("breast_cancer", standardised(cancer.data), cancer.target.astype(np.int32))

    digits = load_digits()
    expected["cases"]["digits"] = run_case("digits", float32(digits.data / 16.0), digits.target.astype(np.int32))

    texts, labels = generate_texts()
    matrix = hashed_tfidf(texts, np.arange(len(texts)))
    expected["cases"]["text"] = run_case("text", matrix, labels)
    fold = folds_of(labels)
    fold0 = hashed_tfidf(texts, np.where(fold != 0)[0])
    with np.load(os.path.join(OUT, "text.npz")) as saved:
        arrays = dict(saved)
    arrays.update({"fold0_indptr": fold0.indptr.astype(np.int32), "fold0_indices": fold0.indices.astype(np.int32), "fold0_data": fold0.data.astype(np.float32)})
    np.savez_compressed(os.path.join(OUT, "text.npz"), **arrays)
    hash_samples = ["", "a", "the", "ab", "abc", "abcd", "abcde", "café", "über alles", "東京", "привет мир", "🙂", " ca", "é ", "naïve crème"]
    with open(os.path.join(OUT, "text.json"), "w", encoding="utf-8") as out:
        json.dump({
            "texts": texts,
            "labels": labels.tolist(),
            "blockBuckets": BLOCK_BUCKETS,
            "murmur3": [[s, int(murmurhash3_32(s, seed=0))] for s in hash_samples],
        }, out, ensure_ascii=False, indent=0)

    wine = load_wine()
    rng = np.random.RandomState(3)
    y = wine.target.astype(np.int32)
    balanced = len(y) / (3 * np.bincount(y))
    weight = rng.choice([0.0, 0.5, 1.0, 2.0, 3.0], size=len(y), p=[0.1, 0.2, 0.3, 0.2, 0.2]) * balanced[y]
    expected["cases"]["weights"] = run_case("weights", standardised(wine.data), y, weight)

    with open(os.path.join(OUT, "expected.json"), "w") as out:
        json.dump(expected, out, indent=1)
        out.write("\n")


if __name__ == "__main__":
    main()
