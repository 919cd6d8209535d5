#!/usr/bin/env bash
# The official Alibaba Cloud Python SDK for PolarDB the oracle tests drive (test/helpers/python-sdk.ts):
# a cached virtualenv from test/helpers/python/requirements.txt (see setup-venv.sh). Prints its python last.
exec bash "$(dirname "$0")/setup-venv.sh" "$(cd "$(dirname "$0")/.." && pwd)/test/helpers/python/requirements.txt"
