#!/usr/bin/env bash
# Cross-validation on re3d's *training* part (the held-out fifth is never used): trains one
# model per fold with that fold's re3d documents left out, scores the fold with the fused
# pipeline and the bare tagger, sums the counts over the folds, and scores a model trained on
# all the training data on CoNLL testa. Extra arguments go to `dossier train-ner`.
#
#   scripts/ner_cv.sh [--re3d-weight 3 ...]        # from the repository root, release build
#
# Environment: FOLDS (default 4), GAZ (gazetteer folder, default data), OUT (work folder, default a temporary one), DOSSIER (the
# binary, default target/release/dossier), HELDOUT=1 also reports the held-out split,
# MODELS=DIR reuses the models of an earlier run in DIR (to compare fusion rules alone).
set -euo pipefail
FOLDS=${FOLDS:-4}
GAZ=${GAZ:-data}
DOSSIER=${DOSSIER:-target/release/dossier}
OUT=${OUT:-$(mktemp -d)}
RE3D=../shared/data/ner/re3d
mkdir -p "$OUT"
sum() { # files... -> "gold pred strict pred_overlap gold_overlap" of the micro counts
  jq -s '[.[].micro.counts] | [map(.gold), map(.pred), map(.strict), map(.pred_overlap), map(.gold_overlap)] | map(add) | @tsv' -r "$@"
}
report() { # label files...
  local label=$1; shift
  sum "$@" | awk -v l="$label" '{g=$1;p=$2;s=$3;po=$4;go=$5;
    sp=s/p; sr=s/g; op=po/p; or_=go/g;
    printf "%-28s gold %5d pred %5d | strict P %.3f R %.3f F1 %.3f | overlap P %.3f R %.3f F1 %.3f\n",
      l, g, p, sp, sr, 2*sp*sr/(sp+sr), op, or_, 2*op*or_/(op+or_)}'
}
for ((i = 0; i < FOLDS; i++)); do
  if [[ -n ${MODELS:-} ]]; then
    cp "$MODELS/fold$i.bin" "$OUT/fold$i.bin"
  else
    "$DOSSIER" train-ner --gazetteer-dir "$GAZ" --re3d-folds "$FOLDS" --re3d-exclude-fold "$i" \
      --out "$OUT/fold$i.bin" "$@" 2>"$OUT/fold$i.log"
  fi
  for mode in fused tagger; do
    flag=(); [[ $mode == tagger ]] && flag=(--tagger-only)
    "$DOSSIER" eval-ner "$RE3D" --split train --folds "$FOLDS" --fold "$i" \
      --model "$OUT/fold$i.bin" "${flag[@]}" --json >"$OUT/cv.$mode.all.$i.json"
    "$DOSSIER" eval-ner "$RE3D" --split train --folds "$FOLDS" --fold "$i" \
      --model "$OUT/fold$i.bin" "${flag[@]}" --names-only --json >"$OUT/cv.$mode.names.$i.json"
  done
done
echo "== re3d train split, $FOLDS-fold CV (args: $*)"
for mode in fused tagger; do
  report "cv $mode all spans" "$OUT"/cv.$mode.all.*.json
  report "cv $mode names-only" "$OUT"/cv.$mode.names.*.json
done
if [[ -n ${MODELS:-} ]]; then
  cp "$MODELS/full.bin" "$OUT/full.bin" && cp "$MODELS/full.log" "$OUT/full.log"
else
  "$DOSSIER" train-ner --gazetteer-dir "$GAZ" --out "$OUT/full.bin" "$@" 2>"$OUT/full.log"
fi
echo "== model on all training data: $(tail -1 "$OUT/full.log")"
for mode in fused tagger; do
  flag=(); [[ $mode == tagger ]] && flag=(--tagger-only)
  "$DOSSIER" eval-ner ../shared/data/ner/conll2003/eng.testa --model "$OUT/full.bin" "${flag[@]}" --json >"$OUT/testa.$mode.json"
  report "testa $mode" "$OUT/testa.$mode.json"
  if [[ ${HELDOUT:-0} == 1 ]]; then
    "$DOSSIER" eval-ner "$RE3D" --split heldout --model "$OUT/full.bin" "${flag[@]}" --json >"$OUT/heldout.$mode.all.json"
    "$DOSSIER" eval-ner "$RE3D" --split heldout --model "$OUT/full.bin" "${flag[@]}" --names-only --json >"$OUT/heldout.$mode.names.json"
    report "heldout $mode all spans" "$OUT/heldout.$mode.all.json"
    report "heldout $mode names-only" "$OUT/heldout.$mode.names.json"
  fi
done
