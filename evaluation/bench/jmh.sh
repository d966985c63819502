#!/usr/bin/env bash
# JMH benchmarks of the kernels (GemmBenchmark) and of one training step (TrainStepBenchmark).
# Not part of the test suite. Builds modules/occam-bench (package, never install), then runs JMH
# with any arguments you give, e.g.
#   evaluation/bench/jmh.sh                                  # everything (~10 minutes)
#   evaluation/bench/jmh.sh GemmBenchmark -p shape=64x128x128 -p threads=1
#   evaluation/bench/jmh.sh -h                               # JMH's options
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
(cd "$ROOT" && mvn -q -B -DskipTests package -pl modules/occam-bench -am)
exec java --add-modules jdk.incubator.vector -jar "$ROOT/modules/occam-bench/target/benchmarks.jar" "$@"
