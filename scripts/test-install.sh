#!/usr/bin/env bash
# Proves that the release runs without Swift: builds it (scripts/release.sh), installs the .deb
# (apt-get, so its Depends: must resolve) and unpacks the tarball, then runs the main job on the
# shipped examples in a private mount namespace where the Swift toolchain and every Swift library
# on the machine are masked (empty tmpfs over the folders, /dev/null over stray libraries), with
# `env -i`, and compares the JSON byte for byte with the source build's (`swift build`, debug).
# Also checks the installed man page names every subcommand, and the completions are in place.
#
# LINTAS_REUSE_DIST=1: use dist/ as it is instead of rebuilding (local iterations).
# LINTAS_KEEP_INSTALLED=1: leave the .deb installed afterwards (default: removed again, unless it
# was installed before the test).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
[ "$(id -u)" -eq 0 ] || { echo "test-install.sh: run as root (apt-get install of the .deb, mount namespace)" >&2; exit 2; }

if [ -z "${LINTAS_REUSE_DIST:-}" ] || ! ls dist/lintas_*_amd64.deb >/dev/null 2>&1; then
  scripts/release.sh
fi
deb=$(ls -t dist/lintas_*_amd64.deb | head -1)
tarball=$(ls -t dist/lintas-*-linux-x86_64.tar.gz | head -1)
echo "== artifacts: $deb ($(stat -c %s "$deb") bytes), $tarball ($(stat -c %s "$tarball") bytes)"
dpkg-deb --field "$deb" Package Version Depends

# The source build, and its JSON of the shipped examples (from a copy, so that the masked run
# reads the same relative paths and nothing of the repository).
swift build --product lintas 2>&1 | tail -1
src_bin="$(swift build --show-bin-path)/lintas"
work=$(mktemp -d /tmp/lintas-install-test.XXXXXX)
cleanup_installed=""
cleanup() {
  if [ -n "$cleanup_installed" ]; then
    DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq -o DPkg::Lock::Timeout=600 lintas >/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
cp -r examples "$work/examples"
job=(check --as-of 2024-06-30 --format json examples/agencies examples/review)
set +e
(cd "$work" && "$src_bin" "${job[@]}" > source.json); src_rc=$?
set -e
echo "source build ($("$src_bin" --version)): exit $src_rc, $(stat -c %s "$work/source.json") bytes of JSON"
[ "$src_rc" -le 1 ] || { echo "the source build could not run the job" >&2; exit 1; }

# Install the .deb (apt-get resolves Depends:), unpack the tarball.
dpkg -s lintas >/dev/null 2>&1 || cleanup_installed=1
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o DPkg::Lock::Timeout=600 --reinstall "$root/$deb" >/dev/null
echo "== installed: $(dpkg-query -W -f='${Package} ${Version} (${Status})' lintas)"
dpkg -L lintas | grep -E '^/usr/(bin|share/man|share/bash-completion|share/zsh|share/fish)/.+\.?' | grep -v '/$' | sed 's/^/  /'
mkdir -p "$work/tar"
tar -C "$work/tar" -xzf "$tarball"
tar_bin=$(ls "$work"/tar/lintas-*/bin/lintas)

# Everything Swift on this machine, to mask: the toolchain, the package mirror, SwiftPM's caches,
# this repository (its .build), and any Swift runtime library found outside them.
mask_dirs=()
for d in /opt/swift /opt/swift-packages /usr/share/swift "$HOME/.swiftpm" "$HOME/.cache/org.swift.swiftpm" "$root"; do
  [ -d "$d" ] && mask_dirs+=("$d")
done
mapfile -t mask_files < <(find /usr/lib /usr/local/lib /lib /usr/libexec -xdev \( -name 'libswift*.so*' -o -name 'libFoundation*.so*' -o -name 'libdispatch.so*' -o -name 'lib_FoundationICU.so*' -o -name 'libyaml*.so*' \) 2>/dev/null || true)

cat > "$work/masked.sh" <<'MASKED'
set -euo pipefail
work="$1"; shift
n_dirs="$1"; shift
dirs=("${@:1:$n_dirs}"); files=("${@:$((n_dirs + 1))}")
for d in "${dirs[@]}"; do mount -t tmpfs -o ro,size=1k tmpfs "$d"; echo "masked (empty tmpfs): $d"; done
for f in "${files[@]}"; do mount --bind /dev/null "$f"; echo "masked (/dev/null): $f"; done
cd "$work"
echo "-- inside: ls -A /opt/swift -> '$(ls -A /opt/swift 2>/dev/null)'"
echo "-- inside: env -i PATH=/usr/bin:/bin:/usr/local/bin:/opt/swift/usr/bin sh -c 'command -v swift swiftc' -> $(env -i PATH=/usr/bin:/bin:/usr/local/bin:/opt/swift/usr/bin sh -c 'command -v swift swiftc' || echo 'not found')"
echo "-- inside: ldd /usr/bin/lintas"; ldd /usr/bin/lintas | sed 's/^/     /'
echo "-- inside: env -i lintas --version -> $(env -i PATH=/usr/bin:/bin lintas --version)"
for which in deb tar; do
  bin=/usr/bin/lintas; [ "$which" = tar ] && bin="$TAR_BIN"
  set +e
  env -i PATH=/usr/bin:/bin HOME=/nonexistent "$bin" check --as-of 2024-06-30 --format json examples/agencies examples/review > "$which.json"
  rc=$?
  set -e
  echo "-- inside: env -i $bin check ... : exit $rc, $(stat -c %s "$which.json") bytes"
  echo "$rc" > "$which.rc"
done
MASKED
echo "== masked run: unshare --mount --propagation private"
TAR_BIN="$tar_bin" unshare --mount --propagation private bash "$work/masked.sh" "$work" "${#mask_dirs[@]}" "${mask_dirs[@]}" "${mask_files[@]}"

fail=0
for which in deb tar; do
  rc=$(cat "$work/$which.rc")
  if [ "$rc" != "$src_rc" ]; then echo "FAIL: $which exit $rc, source build $src_rc"; fail=1; fi
  if cmp "$work/source.json" "$work/$which.json"; then
    echo "identical JSON ($which vs source build): sha256 $(sha256sum < "$work/$which.json" | cut -c1-64)"
  else
    echo "FAIL: $which JSON differs from the source build's:"; diff "$work/source.json" "$work/$which.json" | head -20; fail=1
  fi
done
echo "source build JSON:                       sha256 $(sha256sum < "$work/source.json" | cut -c1-64)"
head -c 400 "$work/source.json"; echo " ..."

# man lintas names every subcommand that `lintas --help` lists; completions are where shells look.
mapfile -t subs < <(lintas --help | awk '/^SUBCOMMANDS:/ {on=1; next} on && /^  [a-z]/ {print $1} on && /^$/ {exit}' | grep -v '^help$')
[ ${#subs[@]} -ge 5 ] || { echo "FAIL: could not read the subcommands from lintas --help"; exit 1; }
page=$(MANWIDTH=100 man lintas 2>/dev/null)
for s in "${subs[@]}"; do
  if grep -q "lintas $s" <<<"$page"; then echo "man lintas: has 'lintas $s'"; else echo "FAIL: man lintas lacks 'lintas $s'"; fail=1; fi
done
for f in /usr/share/bash-completion/completions/lintas /usr/share/zsh/vendor-completions/_lintas /usr/share/fish/vendor_completions.d/lintas.fish; do
  if [ -s "$f" ] && grep -q check "$f"; then echo "completion: $f"; else echo "FAIL: $f missing or empty"; fail=1; fi
done
bash -c 'source /usr/share/bash-completion/completions/lintas && declare -F | grep -q _lintas' || { echo "FAIL: bash completion does not load"; fail=1; }

if [ "$fail" -ne 0 ]; then echo "install test: FAILED"; exit 1; fi
echo "install test: passed (Swift masked, .deb and tarball give the source build's JSON byte for byte)"
