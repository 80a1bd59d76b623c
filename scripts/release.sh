#!/usr/bin/env bash
# Builds a release that runs without the Swift toolchain, and packages it.
#
#   scripts/release.sh            -> dist/lintas-VERSION-linux-x86_64.tar.gz, dist/lintas_VERSION_amd64.deb
#
# - Swift runtime and Foundation linked statically (--static-swift-stdlib), libyaml statically
#   (libyaml.a from libyaml-dev), stripped. What the binary still loads is listed by ldd; the
#   .deb's Depends: are exactly the Debian packages owning those libraries (dpkg -S), never -dev.
# - Every executable product of Package.swift is packaged (found with `swift package dump-package`).
# - VERSION is what the built `lintas --version` prints first (LintasVersion.current, the only
#   place it is written); the commit comes from scripts/build-info.sh.
# - Man pages from the argument parser (scripts/gen-manpage.py), bash/zsh/fish completions from
#   `--generate-completion-script`.
# Build folder: .build-release (LINTAS_RELEASE_SCRATCH); output: dist/ (LINTAS_DIST).
# Needs: swift, pkg-config, libyaml-dev, zlib1g-dev, python3, dpkg-deb, binutils (strip), gzip.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
scratch=${LINTAS_RELEASE_SCRATCH:-$root/.build-release}
dist=${LINTAS_DIST:-$root/dist}
arch_deb=amd64
arch_tar=linux-x86_64
[ "$(uname -m)" = x86_64 ] || { echo "release.sh: only x86_64 is packaged (this is $(uname -m))" >&2; exit 2; }
for tool in swift pkg-config python3 dpkg-deb dpkg strip gzip ldd tar; do
  command -v "$tool" >/dev/null 2>&1 || { echo "release.sh: $tool not found; run scripts/setup.sh release" >&2; exit 2; }
done

# libyaml statically: SwiftPM reads yaml-0.1.pc (-lyaml, which the linker resolves to libyaml.so;
# SwiftPM also puts -L/usr/lib/<triple> first, so a folder of our own would not win). A yaml-0.1.pc
# of ours, first on PKG_CONFIG_PATH, says -l:libyaml.a instead: that exact file name, the archive.
libdir="$(pkg-config --variable=libdir yaml-0.1)"
[ -f "$libdir/libyaml.a" ] || { echo "release.sh: $libdir/libyaml.a missing (apt-get install libyaml-dev)" >&2; exit 2; }
pc_dir="$scratch/pkgconfig-static"
mkdir -p "$pc_dir"
cat > "$pc_dir/yaml-0.1.pc" <<PC
Name: LibYAML
Description: libyaml, linked statically (scripts/release.sh)
Version: $(pkg-config --modversion yaml-0.1)
Cflags: $(pkg-config --cflags yaml-0.1)
Libs: -L$libdir -l:libyaml.a
PC
export PKG_CONFIG_PATH="$pc_dir${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"

echo "== build: swift build -c release --static-swift-stdlib (scratch $scratch)"
start=$(date +%s)
swift build -c release --static-swift-stdlib --scratch-path "$scratch"
build_seconds=$(( $(date +%s) - start ))
echo "build took ${build_seconds}s"
bindir=$(swift build -c release --static-swift-stdlib --scratch-path "$scratch" --show-bin-path)

# Every executable product, as Package.swift declares them.
mapfile -t products < <(swift package --scratch-path "$scratch" dump-package | python3 -c '
import json, sys
for p in json.load(sys.stdin)["products"]:
    if "executable" in p["type"]:
        print(p["name"])')
[ ${#products[@]} -gt 0 ] || { echo "release.sh: no executable product found" >&2; exit 2; }
echo "executables: ${products[*]}"

stage="$scratch/stage"
rm -rf "$stage"; mkdir -p "$stage/bin"
for p in "${products[@]}"; do
  cp "$bindir/$p" "$stage/bin/$p"
  strip --strip-all "$stage/bin/$p"
  # Nothing of the toolchain and no libyaml may be left to load at run time.
  if ldd "$stage/bin/$p" | grep -E 'libswift|libFoundation|libdispatch|libBlocksRuntime|lib_FoundationICU|libyaml|not found'; then
    echo "release.sh: $p still needs the libraries above" >&2; exit 1
  fi
done

version=$("$stage/bin/lintas" --version | awk '{print $1}')
[[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+ ]] || { echo "release.sh: odd version '$version'" >&2; exit 1; }
echo "version: $("$stage/bin/lintas" --version)"
# The man page's date: the commit's (reproducible), else today.
date=$(git log -1 --format=%cs 2>/dev/null || date -u +%F)

# Man pages and completions for every executable that has an argument parser.
mkdir -p "$stage/man" "$stage/completions/bash" "$stage/completions/zsh" "$stage/completions/fish"
for p in "${products[@]}"; do
  if "$stage/bin/$p" --experimental-dump-help >/dev/null 2>&1; then
    python3 scripts/gen-manpage.py "$stage/bin/$p" --date "$date" --version "$version" > "$stage/man/$p.1"
    "$stage/bin/$p" --generate-completion-script bash > "$stage/completions/bash/$p"
    "$stage/bin/$p" --generate-completion-script zsh > "$stage/completions/zsh/_$p"
    "$stage/bin/$p" --generate-completion-script fish > "$stage/completions/fish/$p.fish"
  fi
done

docs=(README.md docs)
[ -f LICENSE ] && docs+=(LICENSE)
mkdir -p "$dist"

# --- tarball: a prefix layout (bin/, share/...), so `tar -C /usr/local --strip-components=1` installs it.
name="lintas-$version-$arch_tar"
tree="$scratch/$name"
rm -rf "$tree"; mkdir -p "$tree/bin" "$tree/share/man/man1" "$tree/share/doc/lintas" \
  "$tree/share/bash-completion/completions" "$tree/share/zsh/site-functions" "$tree/share/fish/vendor_completions.d"
cp "$stage"/bin/* "$tree/bin/"
cp "$stage"/man/*.1 "$tree/share/man/man1/" 2>/dev/null || true
cp "$stage"/completions/bash/* "$tree/share/bash-completion/completions/" 2>/dev/null || true
cp "$stage"/completions/zsh/* "$tree/share/zsh/site-functions/" 2>/dev/null || true
cp "$stage"/completions/fish/* "$tree/share/fish/vendor_completions.d/" 2>/dev/null || true
cp -r "${docs[@]}" "$tree/share/doc/lintas/"
cp README.md "$tree/"
[ -f LICENSE ] && cp LICENSE "$tree/"
tarball="$dist/$name.tar.gz"
tar -C "$scratch" --owner=0 --group=0 --numeric-owner --sort=name -czf "$tarball" "$name"

# --- Debian package.
pkgroot="$scratch/deb"
rm -rf "$pkgroot"; mkdir -p "$pkgroot/DEBIAN" "$pkgroot/usr/bin" "$pkgroot/usr/share/man/man1" \
  "$pkgroot/usr/share/doc/lintas" "$pkgroot/usr/share/bash-completion/completions" \
  "$pkgroot/usr/share/zsh/vendor-completions" "$pkgroot/usr/share/fish/vendor_completions.d"
install -m 0755 "$stage"/bin/* "$pkgroot/usr/bin/"
for m in "$stage"/man/*.1; do gzip -9n < "$m" > "$pkgroot/usr/share/man/man1/$(basename "$m").gz"; done
cp "$stage"/completions/bash/* "$pkgroot/usr/share/bash-completion/completions/" 2>/dev/null || true
cp "$stage"/completions/zsh/* "$pkgroot/usr/share/zsh/vendor-completions/" 2>/dev/null || true
cp "$stage"/completions/fish/* "$pkgroot/usr/share/fish/vendor_completions.d/" 2>/dev/null || true
cp -r "${docs[@]}" "$pkgroot/usr/share/doc/lintas/"
find "$pkgroot/usr" -type d -exec chmod 0755 {} +
find "$pkgroot/usr/share" -type f -exec chmod 0644 {} +

# Depends: the packages owning what ldd says the binaries load. dpkg -S knows a path as the package
# installed it (/lib/... or /usr/lib/... on a merged /usr): try both spellings.
owner() {
  local f="$1" alt
  case "$f" in /usr/*) alt="${f#/usr}" ;; *) alt="/usr$f" ;; esac
  { dpkg -S "$f" 2>/dev/null || dpkg -S "$alt" 2>/dev/null || dpkg -S "$(readlink -f "$f")" 2>/dev/null; } \
    | head -1 | cut -d: -f1
}
declare -A seen=()
for b in "$stage"/bin/*; do
  while read -r lib; do
    pkg=$(owner "$lib")
    [ -n "$pkg" ] || { echo "release.sh: no Debian package owns $lib" >&2; exit 1; }
    case "$pkg" in *-dev) echo "release.sh: $lib belongs to $pkg (a -dev package)" >&2; exit 1 ;; esac
    seen[$pkg]=1
  done < <(ldd "$b" | awk '/=>/ {print $3} !/=>/ && $1 ~ /^\// {print $1}' | grep '^/')
done
depends=$(printf '%s\n' "${!seen[@]}" | sort | paste -sd, | sed 's/,/, /g')
echo "Depends: $depends"
installed_kb=$(du -sk --exclude=DEBIAN "$pkgroot" | cut -f1)
cat > "$pkgroot/DEBIAN/control" <<CONTROL
Package: lintas
Version: $version
Architecture: $arch_deb
Maintainer: lintas maintainers <lintas@lintas.invalid>
Installed-Size: $installed_kb
Depends: $depends
Section: utils
Priority: optional
Homepage: https://lintas.invalid/
Description: compliance checker for Indonesian agencies' work organisation
 Checks an agency's organisation, employees, work teams (tim kerja), performance
 agreements and Matriks Peran Hasil in YAML or workbooks against PermenPAN-RB
 7/2022 (with 6/2022) and West Java's Pergub 181/2021, with findings at
 file:line:col citing their basis. Statically linked Swift runtime and libyaml.
CONTROL
deb="$dist/lintas_${version}_${arch_deb}.deb"
dpkg-deb --root-owner-group -Zxz --build "$pkgroot" "$deb" >/dev/null

echo "== release $version"
for p in "${products[@]}"; do
  printf '%-40s %10d bytes (stripped)\n' "$p" "$(stat -c %s "$stage/bin/$p")"
done
printf '%-40s %10d bytes\n' "$(basename "$tarball")" "$(stat -c %s "$tarball")"
printf '%-40s %10d bytes\n' "$(basename "$deb")" "$(stat -c %s "$deb")"
echo "static build: ${build_seconds}s"
