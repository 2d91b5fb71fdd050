#!/usr/bin/env bash
# The main job on the bundled sample corpus: installs what is missing, builds, crawls the sample
# feeds (file:// URLs) into a fresh index, prints a search and the "More stories you might enjoy"
# box for one sample article.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
scripts/build.sh byline
BYLINE="$BUILD_DIR/cli/byline"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export BYLINE_DB="$work/index"

echo "== byline crawl samples/feeds.opml"
"$BYLINE" crawl samples/feeds.opml
echo
"$BYLINE" stats
echo
echo "== byline search 'Corvid X2 memory'"
"$BYLINE" search 'Corvid X2 memory' --limit 5
echo
demo=https://circuitledger.example/2026/10/06/halvorsen-corvid-x2-ai-accelerator/
echo "== byline related $demo"
"$BYLINE" related "$demo" --limit 5
