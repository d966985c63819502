#!/usr/bin/env bash
# The command-line fuzzer (modules/occam-cli/src/test/java/org/occam/cli/CliFuzzTest.java) with many mutants.
# `mvn -B verify` runs 300 mutants with the default seed; this runs as many as you ask for:
#   evaluation/fuzz.sh                 # 5000 mutants, default seed 20261202
#   evaluation/fuzz.sh 2000 7          # 2000 mutants, seed 7
#   FUZZ_ONLY=17,242 evaluation/fuzz.sh 0 7    # replay mutants 17 and 242 of seed 7
#   FUZZ_ALL=true evaluation/fuzz.sh 2000       # also the classes CliFuzzTest.OPEN leaves out
# Summary: modules/occam-cli/target/fuzz/summary-seed-SEED.txt (and mutants-seed-SEED.csv, one line per mutant);
# each failing mutant's files, command and output: modules/occam-cli/target/fuzz/failures/seed-SEED/mutant-ID/.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
MUTANTS="${1:-5000}"
SEED="${2:-20261202}"
cd "$ROOT"
exec mvn -B -q test -pl modules/occam-cli -am -Dtest=CliFuzzTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dfuzz.mutants="$MUTANTS" -Dfuzz.seed="$SEED" -Dfuzz.only="${FUZZ_ONLY:-}" -Dfuzz.all="${FUZZ_ALL:-false}"
