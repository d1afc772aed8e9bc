"""Reference values for the prior correction (src/math/prior-correction.ts) and temperature scaling
(src/math/temperature-scaling.ts), computed with scipy on real model outputs.

Data: scikit-learn's digits (1,797 8x8 images). A logistic regression (StandardScaler +
LogisticRegression, C = 0.05) is trained on the first 900 rows with class 3 kept at 10% (an
under-sampled class) and predicts the other 897 rows. Its probabilities there, rounded to 6
decimals as a prediction file would carry them, are the input.

For those probabilities and labels this script writes (fixtures/recalibration/digits.json):
  - `biases`: the class log-weights b minimising sum_i -log softmax(log p_i + b)_{y_i} + 0.5 |b|^2,
    centred to sum 0 (scipy.optimize.minimize, BFGS with analytic gradient, gtol 1e-10);
  - `temperature`: T minimising sum_i -log softmax(log p_i / T)_{y_i} (minimize_scalar, bounded);
  - accuracy before and after the prior correction fitted on all rows, log loss before and after
    the temperature.
Probabilities below 1e-15 are read as 1e-15, as in the TypeScript.

    /usr/bin/python3 test/reference/recalibration.py     # python3-sklearn 1.2.1, scipy 1.10, numpy 1.24
"""
import json
import os

import numpy as np
from scipy.optimize import minimize, minimize_scalar
from sklearn.datasets import load_digits
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.normpath(os.path.join(HERE, "..", "..", "fixtures", "recalibration", "digits.json"))
FLOOR = 1e-15

X, y = load_digits(return_X_y=True)
train = np.arange(900)
rng = np.random.default_rng(3)
keep = np.array([i for i in train if y[i] != 3 or rng.random() < 0.1])
model = make_pipeline(StandardScaler(), LogisticRegression(C=0.05, max_iter=2000))
model.fit(X[keep], y[keep])
rows = np.arange(900, len(y))
probs = np.round(model.predict_proba(X[rows]), 6)
labels = y[rows]
z = np.log(np.maximum(probs, FLOOR))
k = z.shape[1]


def bias_objective(b):
    s = z + b
    m = s.max(axis=1, keepdims=True)
    lse = m[:, 0] + np.log(np.exp(s - m).sum(axis=1))
    loss = (lse - s[np.arange(len(labels)), labels]).sum() + 0.5 * (b @ b)
    q = np.exp(s - lse[:, None])
    grad = q.sum(axis=0) - np.bincount(labels, minlength=k) + b
    return loss, grad


fit = minimize(bias_objective, np.zeros(k), jac=True, method="BFGS", options={"gtol": 1e-10, "maxiter": 10000})
biases = fit.x - fit.x.mean()


def temperature_objective(t):
    s = z / t
    m = s.max(axis=1, keepdims=True)
    lse = m[:, 0] + np.log(np.exp(s - m).sum(axis=1))
    return (lse - s[np.arange(len(labels)), labels]).sum()


temp = minimize_scalar(temperature_objective, bounds=(0.01, 100), method="bounded", options={"xatol": 1e-12})


def log_loss(p):
    return float(-np.log(np.maximum(p[np.arange(len(labels)), labels], FLOOR)).mean())


scaled = np.exp(z / temp.x - (z / temp.x).max(axis=1, keepdims=True))
scaled /= scaled.sum(axis=1, keepdims=True)
out = {
    "source": "/usr/bin/python3 test/reference/recalibration.py",
    "classes": k,
    "labels": labels.tolist(),
    "probs": [[float(v) for v in row] for row in probs],
    "biases": [float(v) for v in biases],
    "objective": float(fit.fun),
    "temperature": float(temp.x),
    "accuracyBefore": float((probs.argmax(axis=1) == labels).mean()),
    "accuracyAfterCorrection": float(((z + biases).argmax(axis=1) == labels).mean()),
    "logLossBefore": log_loss(probs),
    "logLossAfterTemperature": log_loss(scaled),
}
os.makedirs(os.path.dirname(OUT), exist_ok=True)
with open(OUT, "w") as f:
    json.dump(out, f, separators=(",", ":"))
    f.write("\n")
print({key: out[key] for key in ("temperature", "accuracyBefore", "accuracyAfterCorrection", "logLossBefore", "logLossAfterTemperature")})
