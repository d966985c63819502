#!/usr/bin/env bash
# The cross-framework training benchmark, in one command:
#   evaluation/bench/run.sh [--repeats N] [--workloads "synthetic 50k,digits"] [--skip-sweep]
# Installs what is missing (Debian's python3-sklearn and python3-torch for /usr/bin/python3, a JDK
# and Maven), builds modules/occam-bench (package, never install), writes the data files once, runs
# Occam, scikit-learn and PyTorch side by side (5 repetitions by default) and writes
# evaluation/bench/RESULTS.md. About 10 minutes on 2 CPUs (more when torch's 2-thread runs crawl).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
apt_install() {
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" >/dev/null
}

# Debian's own interpreter, not a pyenv/venv one that may come first on PATH.
PY=/usr/bin/python3
if ! [ -x "$PY" ] || ! "$PY" -c 'import sklearn, torch, threadpoolctl, matplotlib' 2>/dev/null; then
  echo "bench: installing python3-sklearn python3-torch python3-matplotlib (Debian packages)..." >&2
  apt_install python3 python3-sklearn python3-torch python3-threadpoolctl python3-matplotlib
fi
if ! command -v java >/dev/null 2>&1 || ! command -v mvn >/dev/null 2>&1; then
  echo "bench: installing a JDK and Maven..." >&2
  apt_install openjdk-17-jdk-headless maven
fi

echo "bench: building modules/occam-bench..." >&2
(cd "$ROOT" && mvn -q -B -DskipTests package -pl modules/occam-bench -am)

"$PY" "$HERE/make_data.py"
"$PY" "$HERE/e2e.py"   # end to end (./occam run vs the scikit-learn and PyTorch scripts): e2e-results.json
exec "$PY" "$HERE/bench.py" "$@"
