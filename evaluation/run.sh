#!/usr/bin/env bash
# Regenerates evaluation/RESULTS.md and the reports it links (evaluation/reports/), from scratch or by
# resuming: the sweep lives in evaluation/runs/ (not committed) and a finished run is never redone.
#   evaluation/run.sh            # all suites; THREADS=1 evaluation/run.sh to use one core
# Suite 1 (seed-claims): the seed notes' L2 claims on moons, 12 runs of 2000 epochs (~6 min on 2 cores).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
THREADS="${THREADS:-$(nproc)}"

CONFIG=evaluation/seed-claims/moons200-l2.xml
./occam sweep "$CONFIG" --out evaluation/runs --threads "$THREADS"
# Same command again: a resume with nothing left to run, which prints the sweep directory.
SWEEP="$(./occam sweep "$CONFIG" --out evaluation/runs --threads "$THREADS" --quiet)"

java -Xmx2g -Djava.awt.headless=true -Djava.util.logging.config.file="$ROOT/logging.properties" -Doccam.baseDir="$ROOT" \
  -cp modules/occam-cli/target/occam.jar org.occam.report.eval.SeedClaims "$SWEEP" evaluation/RESULTS.md evaluation/reports
