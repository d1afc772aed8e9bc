#!/bin/bash
# Audits every OpenCompass run directory under a checkout of FudanDNN-NLP/RAG
# (af3c95232ce61d900a9f54ba1e887881b3495f43, `opencompass/outputs/`) and compares each run's
# accuracy with the figure OpenCompass wrote (results file, else summary). Not run by CI (it needs
# that checkout); it is how the reader was checked on all of the repository's outputs.
# Usage: test/reference/opencompass/all-runs.sh RAG_CHECKOUT > results.txt
# Each line: ok (equal to 1e-9) | MISMATCH | nofig (no figure written) | ERR (the audit's exit and message).
set -u
AUDIT=$(cd "$(dirname "$0")/../../.." && pwd)/bin/audit.js
cd "$1" || exit 2
OUT=$(mktemp); ERR=$(mktemp)
for p in $(find opencompass/outputs -type d -name predictions | sort); do
  d=$(dirname "$p")
  node "$AUDIT" "$d" -f json --fail-on none > "$OUT" 2> "$ERR"
  rc=$?
  if [ $rc -ne 0 ]; then echo "ERR $rc $d $(head -c 200 "$ERR")"; continue; fi
  node -e '
    const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
    for (const t of r.inputs.predictions.lmEval ?? []) {
      const status = t.harness === null ? "nofig" : Math.abs(t.accuracy - t.harness) < 1e-9 ? "ok" : "MISMATCH";
      console.log(status, process.argv[2], t.task, t.samples, t.accuracy, t.harness, t.answersFrom, t.evaluationVerdicts);
    }' "$OUT" "$d"
done
rm -f "$OUT" "$ERR"
