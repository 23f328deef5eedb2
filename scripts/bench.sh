#!/usr/bin/env bash
# Runs taokit's performance benchmarks (the figures the issues ask for) and
# writes them to bench-<date>.txt for benchstat:
#
#   scripts/bench.sh            # all, -count=6
#   COUNT=10 scripts/bench.sh yuma amm
#   go install golang.org/x/perf/cmd/benchstat@latest
#   benchstat old.txt bench-<date>.txt
#
# Suites: yuma (epoch sizes), amm (swaps), pow (seals), tx (verify, batch verify),
# chain (CheckTx, blocks, simulated day, scaling), api (metagraph, submit).
# The chain's day and scaling runs take minutes each; they run once.
set -euo pipefail
cd "$(dirname "$0")/.."
count=${COUNT:-6}
out=${OUT:-bench-$(date +%Y%m%d-%H%M%S).txt}
suites=("$@")
[ ${#suites[@]} -eq 0 ] && suites=(yuma amm pow tx chain api)
echo "# $(go version) on $(nproc) cores: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2-)" | tee "$out"
run() { go test -run '^$' "$@" | tee -a "$out"; }
for s in "${suites[@]}"; do
  case "$s" in
    yuma)  run -bench 'Epoch' -cpu 1 -count "$count" ./internal/yuma/ ;;
    amm)   run -bench 'Swap' -cpu 1 -count "$count" ./internal/amm/ ;;
    pow)   run -bench 'Search|Solve' -count "$count" ./internal/pow/ ;;
    tx)    run -bench 'Verify' -cpu 1 -count "$count" ./internal/tx/ ./internal/keys/ ;;
    chain) run -bench 'CheckTx|BlockNoEpoch' -count "$count" ./internal/chain/
           run -bench 'FinalizeBlock1000|CommitBolt|SimulatedDay|BlocksScaling' -benchtime 1x ./internal/chain/ ;;
    api)   run -bench 'APIMetagraph' -benchtime 300x -count 3 ./internal/api/ ;;
    *) echo "unknown suite $s" >&2; exit 2 ;;
  esac
done
echo "wrote $out"
