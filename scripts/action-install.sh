#!/usr/bin/env bash
# Installs contract for the GitHub Action (action.yml): downloads the release
# archive for this runner's OS and architecture, verifies it against the
# release's SHA256SUMS, and puts it on PATH. When there is no release binary
# (no release for this version, an unsupported runner, or a local action),
# it prints `installed=false` and the cache key of a source build instead.
# A checksum mismatch is an error: nothing unverified is ever run.
#
# Inputs (environment): ACTION_PATH, REPOSITORY, WANTED_VERSION,
# RUNNER_OS_NAME, RUNNER_ARCH_NAME, INSTALL_DIR, GITHUB_OUTPUT, GITHUB_PATH;
# RELEASE_BASE_URL (tests only) replaces https://github.com/REPOSITORY/releases/download.
set -euo pipefail

sha256() {
  if command -v sha256sum >/dev/null 2>&1; then sha256sum "$@"; else shasum -a 256 "$@"; fi
}

version="${WANTED_VERSION#v}"
if [ -z "$version" ]; then
  version="$(sed -n 's/^version = "\(.*\)"$/\1/p' "$ACTION_PATH/Cargo.toml" | head -n 1)"
fi

# The source build's cache key: the version, Cargo.lock and the sources, so a
# moving ref (@main) rebuilds when the code changes and never reuses a stale binary.
lock_hash="$(sha256 "$ACTION_PATH/Cargo.lock" | cut -c1-16)"
src_hash="$( (cd "$ACTION_PATH" && find src Cargo.toml -type f | LC_ALL=C sort | while read -r f; do sha256 "$f"; done) | sha256 | cut -c1-16)"
echo "cache-key=v$version-$lock_hash-$src_hash" >> "$GITHUB_OUTPUT"

case "$RUNNER_OS_NAME/$RUNNER_ARCH_NAME" in
  Linux/X64) target=x86_64-unknown-linux-musl ext=tar.gz ;;
  Linux/ARM64) target=aarch64-unknown-linux-musl ext=tar.gz ;;
  macOS/X64) target=x86_64-apple-darwin ext=tar.gz ;;
  macOS/ARM64) target=aarch64-apple-darwin ext=tar.gz ;;
  Windows/X64) target=x86_64-pc-windows-msvc ext=zip ;;
  *) target="" ext="" ;;
esac

fallback() {
  echo "contract: $1; building from source instead (cached)."
  echo "installed=false" >> "$GITHUB_OUTPUT"
  exit 0
}

[ -n "$target" ] || fallback "no release binary for $RUNNER_OS_NAME/$RUNNER_ARCH_NAME"
[ -n "$REPOSITORY" ] || [ -n "${RELEASE_BASE_URL:-}" ] || fallback "a local action has no releases to download"
[ -n "$version" ] || fallback "no version found in $ACTION_PATH/Cargo.toml"

name="contract-v$version-$target"
url="${RELEASE_BASE_URL:-https://github.com/$REPOSITORY/releases/download}/v$version"
mkdir -p "$INSTALL_DIR/download"
cd "$INSTALL_DIR/download"
curl -fsSL --retry 3 -o SHA256SUMS "$url/SHA256SUMS" || fallback "no release v$version at $url"
curl -fsSL --retry 3 -o "$name.$ext" "$url/$name.$ext" || fallback "no $name.$ext in release v$version"

expected="$(awk -v f="$name.$ext" '$2 == f || $2 == "*" f { print $1 }' SHA256SUMS)"
actual="$(sha256 "$name.$ext" | cut -d' ' -f1)"
if [ -z "$expected" ]; then
  echo "::error title=contract::SHA256SUMS of v$version does not list $name.$ext"
  exit 1
fi
if [ "$expected" != "$actual" ]; then
  echo "::error title=contract::checksum mismatch for $name.$ext: expected $expected, got $actual"
  exit 1
fi
if [ "$ext" = zip ]; then unzip -q -o "$name.$ext"; else tar xzf "$name.$ext"; fi
echo "$INSTALL_DIR/download/$name" >> "$GITHUB_PATH"
echo "installed=true" >> "$GITHUB_OUTPUT"
echo "contract: installed $name (sha256 $actual)"
