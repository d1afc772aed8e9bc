"""The real datasets: scikit-learn's bundled copies of UCI data (digits, breast_cancer, wine, iris;
no download) and ProPublica's COMPAS file in fixtures/compas/.

A Dataset holds the raw columns the audit sees (numeric and categorical), the labels as class
indices with readable class names, and the encoding to the model's feature matrix (numeric
columns as they are, categorical ones one-hot over the categories of the whole table).
"""

import csv
import os
import re

import numpy as np
from sklearn.datasets import load_breast_cancer, load_digits, load_iris, load_wine

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
COMPAS = os.path.join(ROOT, "fixtures", "compas", "compas-scores-two-years.csv")


def column_name(name):
    return re.sub(r"[^a-z0-9]+", "_", str(name).lower()).strip("_")


class Dataset:
    def __init__(self, name, num, num_names, cat, cat_names, y, classes, groups=None, image=False, integer=False):
        self.name = name
        self.num = np.asarray(num, dtype=float).reshape(len(y), -1)
        self.num_names = list(num_names)
        self.cat = np.asarray(cat, dtype=object).reshape(len(y), -1)
        self.cat_names = list(cat_names)
        self.y = np.asarray(y, dtype=int)
        self.classes = list(classes)
        self.groups = dict(groups or {})  # column -> array of strings (slice columns, not features)
        self.image = image  # 8x8 images: augmentation by 1-pixel shifts
        self.integer = integer  # numeric columns are integers (written without decimals)
        self.categories = [sorted(set(self.cat[:, j])) for j in range(self.cat.shape[1])]

    def __len__(self):
        return len(self.y)

    @property
    def K(self):
        return len(self.classes)

    def encode(self, num, cat):
        """Model features: the numeric columns, then one-hot categorical columns."""
        parts = [np.asarray(num, dtype=float)]
        for j, values in enumerate(self.categories):
            col = np.asarray(cat)[:, j]
            parts.append(np.column_stack([(col == v).astype(float) for v in values]))
        return np.column_stack(parts) if len(parts) > 1 else parts[0]

    def feature_names(self):
        return self.num_names + self.cat_names

    def format_num(self, value):
        if self.integer:
            return str(int(round(value)))
        return f"{value:.6g}"


def digits():
    d = load_digits()
    names = [f"px_{r}_{c}" for r in range(8) for c in range(8)]
    return Dataset("digits", d.data, names, np.zeros((len(d.target), 0)), [], d.target, [str(c) for c in range(10)], image=True, integer=True)


def breast_cancer():
    d = load_breast_cancer()
    return Dataset("breast_cancer", d.data, [column_name(n) for n in d.feature_names], np.zeros((len(d.target), 0)), [], d.target, list(d.target_names))


def wine():
    d = load_wine()
    return Dataset("wine", d.data, [column_name(n) for n in d.feature_names], np.zeros((len(d.target), 0)), [], d.target, list(d.target_names))


def iris():
    d = load_iris()
    names = [column_name(n.replace("(cm)", "")) for n in d.feature_names]
    return Dataset("iris", d.data, names, np.zeros((len(d.target), 0)), [], d.target, list(d.target_names))


def compas_rows():
    """ProPublica's filter of their analysis notebook: charge within 30 days of screening,
    a known recidivism outcome, no ordinary traffic offence, a score: 6,172 of 7,214 people."""
    with open(COMPAS, newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        col = {}
        for i, name in enumerate(header):
            col.setdefault(name, i)  # the file repeats some names; the first is the one meant
        rows = []
        for r in reader:
            days = r[col["days_b_screening_arrest"]]
            if days == "" or not -30 <= float(days) <= 30:
                continue
            if r[col["is_recid"]] == "-1" or r[col["c_charge_degree"]] == "O" or r[col["score_text"]] == "N/A":
                continue
            rows.append({name: r[i] for name, i in col.items()})
    return rows


COMPAS_CLASSES = ["no-recid", "recid"]


def compas_numeric():
    """Numeric and categorical columns as recorded: age and counts; sex, charge degree, race."""
    rows = compas_rows()
    num_names = ["age", "priors_count", "juv_fel_count", "juv_misd_count", "juv_other_count"]
    cat_names = ["sex", "c_charge_degree", "race"]
    num = [[float(r[n]) for n in num_names] for r in rows]
    cat = [[r[n] for n in cat_names] for r in rows]
    y = [int(r["two_year_recid"]) for r in rows]
    groups = {"age_cat": np.array([r["age_cat"] for r in rows], dtype=object)}
    return Dataset("compas", num, num_names, cat, cat_names, y, COMPAS_CLASSES, groups=groups, integer=True)


def priors_bin(count):
    count = int(count)
    if count == 0:
        return "0"
    if count <= 3:
        return "1-3"
    if count <= 9:
        return "4-9"
    return "10+"


def compas_categorical():
    """Only low-cardinality categorical columns, as many tabular tables are: different people
    share the same feature vector."""
    rows = compas_rows()
    cat_names = ["sex", "age_cat", "race", "c_charge_degree", "priors_bin", "juvenile_record"]
    cat = []
    for r in rows:
        juvenile = sum(int(r[n]) for n in ("juv_fel_count", "juv_misd_count", "juv_other_count")) > 0
        cat.append([r["sex"], r["age_cat"], r["race"], r["c_charge_degree"], priors_bin(r["priors_count"]), "yes" if juvenile else "no"])
    y = [int(r["two_year_recid"]) for r in rows]
    return Dataset("compas", np.zeros((len(y), 0)), [], cat, cat_names, y, COMPAS_CLASSES)


LOADERS = {
    "digits": digits,
    "breast_cancer": breast_cancer,
    "wine": wine,
    "iris": iris,
    "compas": compas_numeric,
    "compas_categorical": compas_categorical,
}
