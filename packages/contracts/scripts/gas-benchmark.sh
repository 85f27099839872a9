#!/usr/bin/env bash
# Gas benchmark: writes benchmarks/gas.md and benchmarks/gas.json, then refreshes .gas-snapshot.
# Every measured call runs as its own transaction (--isolate), so storage is cold as on chain.
set -euo pipefail
cd "$(dirname "$0")/.."
FORGE="${FORGE:-node_modules/.bin/forge}"

GAS_BENCHMARK=true "$FORGE" test --isolate --match-path 'test/bench/GasBenchmark.t.sol' -vv
cat benchmarks/gas.md

# Deterministic per-test gas snapshot (fuzz and invariant runs excluded: their gas varies by input).
"$FORGE" snapshot --no-match-test 'invariant|testFuzz'
echo "wrote benchmarks/gas.md, benchmarks/gas.json and .gas-snapshot"
