#!/usr/bin/env bash
# Rebuild site/static/vendor/codemirror.js (and its licence file) from the pinned packages of
# package-lock.json. Needs node and npm once; nothing of this runs when the site is built or served.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$here/../static/vendor"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp "$here/package.json" "$here/package-lock.json" "$here/editor.js" "$work/"
cd "$work"
npm ci --no-audit --no-fund --loglevel=error
mkdir -p "$out"
./node_modules/.bin/esbuild editor.js --bundle --minify --format=iife --target=es2020 \
  --legal-comments=none --outfile="$out/codemirror.js"
{
  echo "site/static/vendor/codemirror.js bundles these packages (versions from site/editor/package-lock.json):"
  node -e 'const l=require("./package-lock.json").packages; for (const [k,v] of Object.entries(l)) if (k && !v.dev) console.log(" ", k.replace(/^node_modules\//,""), v.version, v.license||"")'
  echo
  for pkg in @codemirror/view @lezer/common; do
    echo "---- $pkg: LICENSE"
    cat "node_modules/$pkg/LICENSE"
    echo
  done
} > "$out/LICENSE-codemirror.txt"
echo "wrote $out/codemirror.js ($(wc -c < "$out/codemirror.js") bytes)"
