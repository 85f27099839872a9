#!/usr/bin/env bash
# Registers the subgraph name on a graph-node (or on the embedded graph host: same admin API).
#   NODE_URL=http://localhost:8020 ./create.sh vpp
set -euo pipefail
NAME="${1:-vpp}"
NODE_URL="${NODE_URL:-http://localhost:8020}"
export GRAPH_SKIP_NEW_VERSION_CHECK=true
exec pnpm --dir "$(dirname "$0")/../../subgraph" exec graph create --node "$NODE_URL" "$NAME"
