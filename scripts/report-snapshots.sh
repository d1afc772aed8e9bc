#!/usr/bin/env bash
# Usage: scripts/report-snapshots.sh BUILT_CHECKOUT OUT_DIR
# Runs the built binary of BUILT_CHECKOUT (a clone or `git worktree` of any commit, after
# `npx tsc -p tsconfig.build.json`) on this checkout's fixtures and the 100,000-row bench data
# (`npm run bench -- --rows 100000` makes it), and writes the JSON (en, zh), text, Markdown, SARIF
# and JUnit reports, the remedy listing, the check list and the schema to OUT_DIR. Compare two
# commits with `diff -r OUT_A OUT_B`: a refactoring must leave them byte-identical.
set -u
R=$(cd "$1" && pwd); O=$2; mkdir -p "$O"; O=$(cd "$O" && pwd)
HERE=$(cd "$(dirname "$0")/.." && pwd); F=$HERE/fixtures
cd "$HERE" 
i=0
run() { i=$((i+1)); for lang in en zh; do node "$R/bin/audit.js" "$@" --lang $lang -f json --fail-on none > $O/$i.$lang.json 2>$O/$i.$lang.err; echo $? >> $O/$i.$lang.err; done; node "$R/bin/audit.js" "$@" -f text --fail-on none --no-color > $O/$i.txt 2>/dev/null; node "$R/bin/audit.js" "$@" -f markdown --fail-on none > $O/$i.md 2>/dev/null; node "$R/bin/audit.js" "$@" -f sarif --fail-on none > $O/$i.sarif 2>/dev/null; node "$R/bin/audit.js" "$@" -f junit --fail-on none > $O/$i.xml 2>/dev/null; }
run $F/demo/data.csv $F/demo/preds.jsonl
run $F/multi-seed/data.csv $F/multi-seed/preds.jsonl
run $F/multi-seed/data.csv $F/multi-seed/per-seed/seed-87.jsonl $F/multi-seed/per-seed/seed-13.jsonl $F/multi-seed/per-seed/seed-42.jsonl
run $F/slices/data.csv $F/slices/preds.jsonl
run $F/slices/data.csv $F/slices/preds.jsonl --slice-cols $(head -1 $F/slices/data.csv | tr ',' '\n' | grep -v -E '^(id|label|text)$' | head -2 | paste -sd,) --slice-depth 2
run $F/remedies-compas/data.csv $F/remedies-compas/preds.jsonl
run $F/label-noise/data.csv $F/label-noise/preds.jsonl
run $F/train-eval/eval.csv --train $F/train-eval/train.csv
run $F/compas/compas-scores-two-years.csv
run $F/compas/compas-scores-two-years.csv --label-col two_year_recid --slice-cols race,sex
run $F/data-quality/reviews.csv
run $F/formats/data.json
run $F/formats/data.tsv
run $F/formats/data.jsonl.gz
run $F/formats/messy.csv
run $F/formats/mixed-endings-latin1.csv
run $F/formats/data.jsonl $F/formats/preds.csv
run $F/hostile/data.csv
run $F/bad/data.csv $F/bad/unknown-class.jsonl
run $F/demo/data.csv $F/demo/preds.jsonl --plugin $F/plugins/short-text.js --plugin $F/plugins/throws.js
run $F/demo/data.csv $F/demo/preds.jsonl --task llm
run $F/slices/data.csv $F/slices/preds.jsonl --task vision --positive-class $(cut -d, -f$(head -1 $F/slices/data.csv | tr ',' '\n' | grep -n '^label$' | cut -d: -f1) $F/slices/data.csv | sed -n 2p)
run $F/lm-eval/gpqa
run $F/lm-eval/winogrande
run $F/lm-eval/math
run $F/opencompass/rag-mmlu
run $F/opencompass/rag-triviaqa
run $F/opencompass/lawbench
run $F/answer-bias/questions.csv $F/answer-bias/predictions.jsonl
# Against a baseline report, run in OUT_DIR and named relative to it, so that the report's baseline path is the same for any OUT_DIR.
node "$R/bin/audit.js" $F/multi-seed/data.csv $F/multi-seed/per-seed/seed-87.jsonl -f json --fail-on none > $O/baseline-old.json 2>/dev/null
node "$R/bin/audit.js" $F/training-dynamics/noisy/data.csv --logs $F/training-dynamics/noisy/logs.jsonl -f json --fail-on none > $O/baseline-logs.json 2>/dev/null
pushd "$O" > /dev/null
run $F/multi-seed/data.csv $F/multi-seed/per-seed/seed-13.jsonl $F/multi-seed/per-seed/seed-42.jsonl --baseline-report baseline-old.json
run $F/training-dynamics/noisy/data.csv $F/training-dynamics/noisy/snapshots.jsonl.gz --logs $F/training-dynamics/noisy/logs.jsonl --baseline-report baseline-logs.json
popd > /dev/null
# SARIF names the working directory (its base URI): OUT_DIR here, written as a placeholder.
sed -i "s#file://$O/#file://OUT_DIR/#" $O/$((i - 1)).sarif $O/$i.sarif
[ -f .bench/data-100000-v2.csv ] && run .bench/data-100000-v2.csv .bench/preds-100000-v2-seed*.jsonl
node "$R/bin/audit.js" remedies > $O/remedies.txt 2>&1
node "$R/bin/audit.js" remedies --lang zh > $O/remedies.zh.txt 2>&1
node "$R/bin/audit.js" checks -f json > $O/checks.json 2>&1
node "$R/bin/audit.js" schema > $O/schema.json 2>&1
echo "$i runs"
