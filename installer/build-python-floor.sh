#!/usr/bin/env bash
# Build a CPython 3.11 whose every ELF file needs at most GLIBC_2.28 (UOS 20 / Kylin V10), on any
# newer Linux, with `zig cc -target <arch>-linux-gnu.2.28` (zig from the `ziglang` PyPI package).
# Sources are Debian's source packages (the pristine upstream .orig tarballs of python3.11, openssl,
# sqlite3, libffi, zlib, bzip2, xz-utils). The libraries are built static (-fPIC) and linked into
# Python's extension modules, so the interpreter carries no copy of a system library.
#   installer/build-python-floor.sh [x86_64|aarch64]     (default: this machine's architecture)
# Output: $TD_FLOOR_CACHE/python-3.11-<arch>-glibc2.28/ (bin/python3.11, lib/libpython3.11.so.1.0,
# the stdlib, pip). Everything is cached in TD_FLOOR_CACHE (default ~/.cache/township-desk-floor):
# a second run with the prefix present only re-checks it. Builds run with `nice -n 10` and `make -j2`.
# Needs: deb-src lines in APT's sources (for `apt-get source`), perl, tclsh, patchelf, a host python3.
# aarch64 is a cross build (zig targets it directly); it needs a host Python 3.11 for the build
# (BUILD_PYTHON, default python3.11) and qemu-user-static + binfmt to run its checks.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
arch="${1:-$(uname -m)}"
case "$arch" in x86_64|aarch64) ;; *) echo "unsupported architecture: $arch" >&2; exit 2 ;; esac
floor=2.28
cache="${TD_FLOOR_CACHE:-$HOME/.cache/township-desk-floor}"
src="$cache/src"
work="$cache/build-$arch"
deps="$cache/deps-$arch"
prefix="$cache/python-3.11-$arch-glibc$floor"
jobs="${JOBS:-2}"
mkdir -p "$src" "$work" "$deps" "$cache/log"
log="$cache/log/build-$arch.log"
say() { printf '[floor %s] %s\n' "$arch" "$*"; }
t_all=$(date +%s)

# --- zig (PyPI `ziglang`) in a tools venv, and cc/c++/ar/ranlib wrappers for the target ------------
if [ ! -x "$cache/tools/bin/python" ]; then
    say "installing ziglang into $cache/tools"
    "${HOST_PYTHON:-python3}" -m venv "$cache/tools"
    "$cache/tools/bin/pip" install -q --disable-pip-version-check 'ziglang==0.17.*'
fi
zig="$("$cache/tools/bin/python" -c 'import ziglang, os; print(os.path.join(os.path.dirname(ziglang.__file__), "zig"))')"
bin="$cache/zig-$arch/bin"
mkdir -p "$bin"
target="$arch-linux-gnu.$floor"
# -fno-sanitize=undefined: zig cc turns UBSan (trap mode) on when no -O is given, configure tests included
for tool in cc c++; do
    printf '#!/bin/sh\nexec "%s" %s -target %s -fno-sanitize=undefined "$@"\n' "$zig" "$tool" "$target" >"$bin/$tool"
done
printf '#!/bin/sh\nexec "%s" ar "$@"\n' "$zig" >"$bin/ar"
printf '#!/bin/sh\nexec "%s" ranlib "$@"\n' "$zig" >"$bin/ranlib"
chmod +x "$bin"/*
export CC="$bin/cc" CXX="$bin/c++" AR="$bin/ar" RANLIB="$bin/ranlib"
host_triplet="$arch-linux-gnu"
cross=()
[ "$arch" != "$(uname -m)" ] && cross=(--host="$host_triplet" --build="$(uname -m)-linux-gnu")

# --- sources --------------------------------------------------------------------------------------
fetch() {  # fetch <source package> <glob of the .orig tarball>
    compgen -G "$src/$2" >/dev/null && return 0
    say "apt-get source --download-only $1"
    (cd "$src" && apt-get source --download-only -qq "$1" >/dev/null 2>&1) || true
    compgen -G "$src/$2" >/dev/null || { echo "could not fetch $1 (add deb-src lines to APT's sources)" >&2; exit 1; }
}
fetch python3.11 'python3.11_3.11.*.orig.tar.*'
fetch openssl 'openssl_3.*.orig.tar.gz'
fetch sqlite3 'sqlite3_3.*.orig.tar.xz'
fetch libffi 'libffi_3.*.orig.tar.*'
fetch zlib 'zlib_1.*.orig.tar.*'
fetch bzip2 'bzip2_1.*.orig.tar.*'
fetch xz-utils 'xz-utils_5.*.orig.tar.xz'
unpack() {  # unpack <glob> <dir>: a fresh copy of the upstream tree in $work/<dir>
    rm -rf "${work:?}/$2" && mkdir -p "$work/$2"
    tar -xf $(compgen -G "$src/$1" | grep -v -e '-www' | head -1) -C "$work/$2" --strip-components=1
}
step() {  # step <name> <function>: run once, remembered by a stamp file
    [ -f "$deps/.done-$1" ] && return 0
    local t0; t0=$(date +%s)
    say "building $1 (log: $log)"
    "$2" >>"$log" 2>&1 || { tail -40 "$log" >&2; echo "building $1 failed; see $log" >&2; exit 1; }
    touch "$deps/.done-$1"
    say "$1 built in $(( $(date +%s) - t0 )) s"
}
export CFLAGS="-O2 -fPIC" CXXFLAGS="-O2 -fPIC"
N="nice -n 10"

b_zlib() {
    unpack 'zlib_1.*.orig.tar.*' zlib && cd "$work/zlib"
    $N ./configure --static --prefix="$deps" && $N make -j"$jobs" libz.a && make install
}
b_bzip2() {
    unpack 'bzip2_1.*.orig.tar.*' bzip2 && cd "$work/bzip2"
    $N make -j"$jobs" libbz2.a CC="$CC" AR="$AR" RANLIB="$RANLIB" CFLAGS="$CFLAGS -D_FILE_OFFSET_BITS=64"
    install -D -m644 bzlib.h "$deps/include/bzlib.h" && install -D -m644 libbz2.a "$deps/lib/libbz2.a"
}
b_xz() {
    unpack 'xz-utils_5.*.orig.tar.xz' xz && cd "$work/xz"
    $N ./configure "${cross[@]}" --prefix="$deps" --libdir="$deps/lib" --disable-shared --enable-static --with-pic \
        --disable-xz --disable-xzdec --disable-lzmadec --disable-lzmainfo --disable-lzma-links --disable-scripts \
        --disable-doc --disable-nls
    $N make -j"$jobs" && make install
}
b_libffi() {
    unpack 'libffi_3.*.orig.tar.*' libffi && cd "$work/libffi"
    # CXX=no: libtool would otherwise link a C++ test program, and zig builds libc++ for that (minutes)
    CXX=no $N ./configure "${cross[@]}" --prefix="$deps" --libdir="$deps/lib" --disable-shared --enable-static \
        --with-pic --disable-docs --disable-multi-os-directory --disable-exec-static-tramp
    # (static trampolines: tramp.c of 3.4.4 calls an undeclared function, an error for clang 16+)
    $N make -j"$jobs" && make install
}
b_sqlite() {
    # the amalgamation is generated with the host's compiler and tclsh, then compiled for the target
    unpack 'sqlite3_3.*.orig.tar.xz' sqlite && cd "$work/sqlite"
    CC=gcc CFLAGS= $N ./configure --disable-tcl >/dev/null && CC=gcc $N make sqlite3.c sqlite3.h
    # FTS5 (case search, trigram tokenizer), FTS3/4, RTREE, JSON, column metadata: as Debian enables them
    $N "$CC" -O2 -fPIC -c sqlite3.c -o sqlite3.o -DSQLITE_ENABLE_FTS5 -DSQLITE_ENABLE_FTS3 \
        -DSQLITE_ENABLE_FTS3_PARENTHESIS -DSQLITE_ENABLE_FTS4 -DSQLITE_ENABLE_RTREE -DSQLITE_ENABLE_COLUMN_METADATA \
        -DSQLITE_ENABLE_DBSTAT_VTAB -DSQLITE_ENABLE_UNLOCK_NOTIFY -DSQLITE_ENABLE_MATH_FUNCTIONS \
        -DSQLITE_SECURE_DELETE -DSQLITE_MAX_VARIABLE_NUMBER=250000 -DSQLITE_THREADSAFE=1 -DSQLITE_DEFAULT_FOREIGN_KEYS=0
    rm -f libsqlite3.a && "$AR" rcs libsqlite3.a sqlite3.o
    install -D -m644 sqlite3.h "$deps/include/sqlite3.h" && install -m644 sqlite3ext.h "$deps/include/"
    install -D -m644 libsqlite3.a "$deps/lib/libsqlite3.a"
}
b_openssl() {
    unpack 'openssl_3.*.orig.tar.gz' openssl && cd "$work/openssl"
    local t=linux-x86_64; [ "$arch" = aarch64 ] && t=linux-aarch64
    # only the two libraries and the headers (`build_libs`, `install_dev`); the system's CA store is used
    $N ./Configure "$t" no-shared no-tests no-engine no-module no-comp -fPIC --prefix="$deps" \
        --libdir=lib --openssldir=/usr/lib/ssl CC="$CC" AR="$AR" RANLIB="$RANLIB"
    $N make -j"$jobs" build_libs && make install_dev
}
step zlib b_zlib
step bzip2 b_bzip2
step xz b_xz
step libffi b_libffi
step sqlite b_sqlite
step openssl b_openssl

# --- CPython -----------------------------------------------------------------------------------------
b_python() {
    unpack 'python3.11_3.11.*.orig.tar.*' python && cd "$work/python"
    local extra=()
    if [ "${#cross[@]}" -gt 0 ]; then
        # a cross build needs a same-version Python to run the build steps, and the answers to the
        # checks configure cannot run on the build machine
        extra=(--with-build-python="${BUILD_PYTHON:-python3.11}" ac_cv_file__dev_ptmx=yes ac_cv_file__dev_ptc=no
               ac_cv_buggy_getaddrinfo=no)
    fi
    export PKG_CONFIG_LIBDIR="$deps/lib/pkgconfig" PKG_CONFIG_PATH=
    $N ./configure "${cross[@]}" "${extra[@]}" --prefix="$prefix" --enable-shared --with-openssl="$deps" \
        --with-ensurepip=install --without-readline --disable-test-modules \
        CPPFLAGS="-I$deps/include" LDFLAGS="-L$deps/lib" \
        LIBFFI_CFLAGS="-I$deps/include" LIBFFI_LIBS="-L$deps/lib -lffi" \
        LIBSQLITE3_CFLAGS="-I$deps/include" LIBSQLITE3_LIBS="-L$deps/lib -lsqlite3 -lm" \
        ZLIB_CFLAGS="-I$deps/include" ZLIB_LIBS="-L$deps/lib -lz" \
        BZIP2_CFLAGS="-I$deps/include" BZIP2_LIBS="-L$deps/lib -lbz2" \
        LIBLZMA_CFLAGS="-I$deps/include" LIBLZMA_LIBS="-L$deps/lib -llzma" \
        CFLAGS="-O2" CXXFLAGS="-O2"
    $N make -j"$jobs"
    rm -rf "$prefix" && $N make install
    # python3.11 finds its libpython next to itself, wherever the prefix is moved
    patchelf --set-rpath '$ORIGIN/../lib' "$prefix/bin/python3.11"
}
if [ ! -x "$prefix/bin/python3.11" ]; then
    t0=$(date +%s)
    say "building CPython into $prefix (log: $log)"
    ( b_python ) >>"$log" 2>&1 || { tail -60 "$log" >&2; echo "building CPython failed; see $log" >&2; exit 1; }
    say "CPython built in $(( $(date +%s) - t0 )) s"
fi

# --- checks: the modules the app needs import, FTS5 works, and the floor holds -----------------------
run_py() { if [ "$arch" = "$(uname -m)" ]; then "$prefix/bin/python3.11" "$@"; else
    QEMU_LD_PREFIX="${QEMU_LD_PREFIX:-$cache/rootfs-bullseye-arm64}" "$prefix/bin/python3.11" "$@"; fi; }
run_py - <<'PY'
import bz2, ctypes, decimal, hashlib, json, lzma, sqlite3, ssl, sys, zlib  # noqa: F401
con = sqlite3.connect(":memory:")
con.execute("CREATE VIRTUAL TABLE t USING fts5(x, tokenize='trigram')")
con.execute("INSERT INTO t VALUES ('乡镇社会治理')")
assert con.execute("SELECT count(*) FROM t WHERE t MATCH '社会治'").fetchone()[0] == 1
ctypes.CDLL(None).printf
print(f"floor python {sys.version.split()[0]}: {ssl.OPENSSL_VERSION}, SQLite {sqlite3.sqlite_version} (FTS5), "
      f"zlib {zlib.ZLIB_VERSION}, lzma, bz2, ctypes OK")
PY
GLIBC_FLOOR_MAX=$floor "$here/glibc-floor.sh" "$prefix"
say "done in $(( $(date +%s) - t_all )) s: $prefix ($(du -sh "$prefix" | cut -f1))"
