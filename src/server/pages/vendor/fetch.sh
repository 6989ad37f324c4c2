#!/usr/bin/env bash
# Refreshes the vendored GraphiQL assets from the npm registry (npm pack checks each tarball
# against the registry's integrity hash), then writes SHA256SUMS.
#
#   bash src/server/pages/vendor/fetch.sh           # fetch the versions below
#   bash src/server/pages/vendor/fetch.sh --check   # fetch into a temporary folder and compare
#
# To move to new versions, change them here and in README.md beside this script, run it,
# and run the browser phase of .ci/run.
set -euo pipefail

GRAPHIQL_VERSION=3.9.0
REACT_VERSION=18.3.1

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

(cd "$tmp" && npm pack --silent "graphiql@${GRAPHIQL_VERSION}" "react@${REACT_VERSION}" \
  "react-dom@${REACT_VERSION}" >/dev/null)
for package in "graphiql-${GRAPHIQL_VERSION}" "react-${REACT_VERSION}" "react-dom-${REACT_VERSION}"; do
  mkdir -p "$tmp/$package"
  tar xzf "$tmp/$package.tgz" -C "$tmp/$package"
done

out="$tmp/out"
mkdir -p "$out/graphiql" "$out/react" "$out/react-dom"
g="$tmp/graphiql-${GRAPHIQL_VERSION}/package"
cp "$g/graphiql.min.js" "$g/graphiql.min.css" "$g/LICENSE" "$out/graphiql/"
r="$tmp/react-${REACT_VERSION}/package"
cp "$r/umd/react.production.min.js" "$r/LICENSE" "$out/react/"
d="$tmp/react-dom-${REACT_VERSION}/package"
cp "$d/umd/react-dom.production.min.js" "$d/LICENSE" "$out/react-dom/"
(cd "$out" && find graphiql react react-dom -type f | LC_ALL=C sort | xargs sha256sum >SHA256SUMS)

if [ "${1:-}" = --check ]; then
  diff "$out/SHA256SUMS" "$here/SHA256SUMS" && echo "the vendored assets match the registry's packages"
  exit
fi
for folder in graphiql react react-dom; do
  rm -rf "${here:?}/$folder"
  cp -r "$out/$folder" "$here/$folder"
done
cp "$out/SHA256SUMS" "$here/SHA256SUMS"
echo "vendored graphiql ${GRAPHIQL_VERSION}, react and react-dom ${REACT_VERSION} into $here"
