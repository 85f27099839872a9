#!/usr/bin/env bash
# Builds the subgraph, uploads it to IPFS and deploys it on a graph-node (or the embedded host).
#   NODE_URL=http://localhost:8020 IPFS_URL=http://localhost:5001 ./deploy.sh vpp v1 [subgraph.yaml]
set -euo pipefail
NAME="${1:-vpp}"
VERSION="${2:-v$(date +%Y%m%d%H%M%S)}"
MANIFEST="${3:-subgraph.yaml}"
NODE_URL="${NODE_URL:-http://localhost:8020}"
IPFS_URL="${IPFS_URL:-http://localhost:5001}"
export GRAPH_SKIP_NEW_VERSION_CHECK=true
exec pnpm --dir "$(dirname "$0")/../../subgraph" exec graph deploy \
  --node "$NODE_URL" --ipfs "$IPFS_URL" --version-label "$VERSION" "$NAME" "$MANIFEST"
