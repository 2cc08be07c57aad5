#!/usr/bin/env bash
# Loupe's main job on its embedded default (see README): today, running an example program.
set -euo pipefail
cd "$(dirname "$0")/.."
./.build/release/loupe exec Examples/hello.py
