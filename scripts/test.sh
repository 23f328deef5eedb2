#!/usr/bin/env bash
# The project's test command (README "Test"): vet, then every test with the
# race detector. CI runs exactly this through .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."
export CGO_ENABLED=1          # the race detector needs cgo (gcc)
export GOFLAGS="${GOFLAGS:--buildvcs=false}"
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go'))
if [ -n "$unformatted" ]; then
  echo "gofmt wants to rewrite:"; echo "$unformatted"; exit 1
fi
go vet ./...
go test -race -count=1 "$@" ./...
