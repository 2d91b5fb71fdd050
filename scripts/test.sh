#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite with ctest.
# Tests that need the evaluation corpora in ../shared skip with a message when it is absent.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
scripts/build.sh
ctest --test-dir "$BUILD_DIR" --output-on-failure -j"$(nproc)" --timeout 600
