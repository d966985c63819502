#!/usr/bin/env bash
# Regenerates evaluation/regularizers.md: every technique of the catalog against the
# unregularized baseline on moons_n200 (2→128→128→2) and diabetes (10→256→256→1), trained long.
# Usage: evaluation/regularizers/run.sh            (about 6–20 minutes on 2 cores)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"
OUT="$ROOT/evaluation/regularizers/runs"
rm -rf "$OUT"
mkdir -p "$OUT"
./occam --version >/dev/null   # build once before the parallel runs
configs=(evaluation/regularizers/*.xml)
# two at a time: the machine has two cores and each run is single-threaded
printf '%s\n' "${configs[@]}" | xargs -P 2 -I{} sh -c './occam run "$1" --out "$2" --quiet >/dev/null && echo "done: $1" || echo "FAILED: $1"' _ {} "$OUT"
# the launcher's jar (its manifest names every dependency in lib/), built by ./occam above
java -Djava.util.logging.config.file="$ROOT/logging.properties" -cp modules/occam-cli/target/occam.jar \
  org.occam.experiments.eval.RegularizerReport "$OUT" evaluation/regularizers.md
