#!/usr/bin/env bash
# debootstrap.sh - the .deb in a clean Debian 12: installs build/deb/kaoping_*.deb with apt into a
# fresh minbase bookworm root, runs the installed Zhongshan config against the golden results,
# reads the man page, checks the run as an ordinary user, then purges the package.
# Slow (a first run downloads the base system), needs root and Debian's mirror; not run by
# `make test`. Ends with "N passed, N failed".
#
#   tests/install/debootstrap.sh [KAOPING.deb]     default: build/deb/ (made by `make deb` if absent)
#
# KP_DEBOOTSTRAP_CACHE  the pristine base system, made once (/var/cache/kaoping/debootstrap-bookworm)
# KP_DEBOOTSTRAP_WORK   where the root of this run is copied to (build/debootstrap)
# KP_MIRROR             Debian mirror (default: the host's, from /etc/apt/sources.list*)
# Debian packages: debootstrap (and debhelper dpkg-dev help2man for `make deb`).
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SUITE=bookworm
CACHE=${KP_DEBOOTSTRAP_CACHE:-/var/cache/kaoping/debootstrap-$SUITE}
WORK=${KP_DEBOOTSTRAP_WORK:-$ROOT/build/debootstrap}
CH=$WORK/root

die() { echo "debootstrap.sh: error: $*" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || die "needs root (debootstrap, chroot, mount)"
command -v debootstrap >/dev/null || die "debootstrap is not installed (apt-get install debootstrap)"

# The package: the argument, or build/deb/kaoping_<version>_<arch>.deb.
arch=$(dpkg --print-architecture)
deb=${1:-}
if [ -z "$deb" ]; then
    v=$(cd "$ROOT" && dpkg-parsechangelog -S Version)
    deb=$ROOT/build/deb/kaoping_${v}_$arch.deb
    [ -f "$deb" ] || make -C "$ROOT" -s -f Makefile -f mk/install.mk deb || die "make deb failed"
fi
[ -f "$deb" ] || die "'$deb': no such package"

# The host's Debian mirror and security mirror (deb lines and deb822 URIs: fields).
host_uri() {
    grep -hsE '^[[:space:]]*(deb|URIs:)[[:space:]]' /etc/apt/sources.list /etc/apt/sources.list.d/*.list \
        /etc/apt/sources.list.d/*.sources | grep -oE "https?://[^[:space:]]+/$1/?( |\$)" | head -n 1 | tr -d ' '
}
MIRROR=${KP_MIRROR:-$(host_uri debian)}; MIRROR=${MIRROR:-http://deb.debian.org/debian}; MIRROR=${MIRROR%/}
SECURITY=$(host_uri debian-security); SECURITY=${SECURITY:-http://deb.debian.org/debian-security}
SECURITY=${SECURITY%/}
echo "mirror: $MIRROR, security: $SECURITY"

# The base system, once: debootstrap into a temporary folder, kept only when it finished.
if [ ! -x "$CACHE/usr/bin/apt-get" ]; then
    echo "debootstrap --variant=minbase $SUITE $CACHE (once)"
    rm -rf --one-file-system "$CACHE.tmp"; mkdir -p "$(dirname "$CACHE")"
    debootstrap --variant=minbase "$SUITE" "$CACHE.tmp" "$MIRROR" >"$(dirname "$CACHE")/debootstrap.log" 2>&1 ||
        die "debootstrap failed: $(tail -n 3 "$(dirname "$CACHE")/debootstrap.log")"
    mv "$CACHE.tmp" "$CACHE"
fi

# A fresh copy of it for this run; /proc is unmounted on every way out.
cleanup() { umount "$CH/proc" 2>/dev/null; }
trap cleanup EXIT
mountpoint -q "$CH/proc" 2>/dev/null && umount "$CH/proc"
rm -rf --one-file-system "$CH"; mkdir -p "$WORK"
cp -a "$CACHE" "$CH" || die "cannot copy '$CACHE'"
mount -t proc proc "$CH/proc" || die "cannot mount /proc in the chroot"
cp -L /etc/resolv.conf "$CH/etc/resolv.conf"
cat >"$CH/etc/apt/sources.list" <<SOURCES
deb $MIRROR $SUITE main
deb $MIRROR $SUITE-updates main
deb $SECURITY $SUITE-security main
SOURCES
printf '#!/bin/sh\nexit 101\n' >"$CH/usr/sbin/policy-rc.d"; chmod 755 "$CH/usr/sbin/policy-rc.d"
mkdir -p "$CH/tmp/kp"
cp "$deb" "$CH/tmp/kp/"
cp "$ROOT/tests/golden/zhongshan-2023/results.csv" "$CH/tmp/kp/golden.csv"

# The test inside the chroot (a file, so that apt and su cannot read it as their input).
cat >"$CH/tmp/kp/test.sh" <<'CHROOT'
passed=0 failed=0
pass() { echo "PASS $*"; passed=$((passed + 1)); }
fail() { echo "FAIL $*"; failed=$((failed + 1)); }
check() { local n=$1; shift; if "$@"; then pass "$n"; else fail "$n"; fi; }
cd /tmp/kp
apt-get update -q >/tmp/kp/update.log 2>&1 || { tail -5 /tmp/kp/update.log; }
check "apt-get install ./kaoping_*.deb man-db" \
    sh -c 'apt-get install -y -q --no-install-recommends ./kaoping_*.deb man-db >/tmp/kp/install.log 2>&1'
grep -E '^(Setting up|E:)' /tmp/kp/install.log | sed 's/^/    /' | grep -E 'kaoping|fonts-|icc-|man-db|E:' | grep -v 'Can not write log'
echo "$ kaoping --version"; kaoping --version
check "kaoping is /usr/bin/kaoping" test "$(command -v kaoping)" = /usr/bin/kaoping

cd /
echo "$ kaoping run /usr/share/kaoping/config/zhongshan-2023.ini --out /tmp/out"
kaoping run /usr/share/kaoping/config/zhongshan-2023.ini --out /tmp/out
check "kaoping run exits 0" test $? -eq 0
ls -l /tmp/out
check "results.csv equals the golden file" diff /tmp/kp/golden.csv /tmp/out/results.csv
check "PDFs and workbook written" test -s /tmp/out/ranking-area.pdf -a -s /tmp/out/ranking-worker.pdf -a -s /tmp/out/results.xlsx
check "kaoping verify /tmp/out" sh -c 'kaoping verify /tmp/out >/dev/null'
bad=
for c in /usr/share/kaoping/config/*.ini; do kaoping check "$c" >/dev/null 2>&1 || bad="$bad $c"; done
check "kaoping check passes on every installed run config${bad:+ (failed:$bad)}" test -z "$bad"
check "kaoping rules on an installed rule set" sh -c 'kaoping rules /usr/share/kaoping/config/rules/zhongshan-2023.ini >/dev/null'

echo '$ MANPAGER=cat man kaoping | head -20'
MANPAGER=cat MANWIDTH=80 man kaoping 2>/tmp/kp/man.err | head -20
check "man kaoping shows kaoping(1)" sh -c 'MANPAGER=cat man kaoping 2>/dev/null | grep -q "^EXAMPLES"'
check "man kaoping prints no warning" test ! -s /tmp/kp/man.err
check "bash completion installed and loads" \
    bash -c '. /usr/share/bash-completion/completions/kaoping && complete -p kaoping | grep -q _kaoping'

# An ordinary user: the data is readable, the out folder is theirs.
useradd -m clerk
check "a user runs the installed config into their home" \
    su -s /bin/sh clerk -c 'cd && kaoping run -q /usr/share/kaoping/config/zhongshan-2023.ini --out "$HOME/zs" && cmp -s /tmp/kp/golden.csv "$HOME/zs/results.csv"'
echo "$ su clerk: kaoping run /usr/share/kaoping/config/zhongshan-2023.ini   (no --out)"
su -s /bin/sh clerk -c 'cd && kaoping run -q /usr/share/kaoping/config/zhongshan-2023.ini'; echo "  (exit $?)"

check "apt-get purge kaoping" sh -c 'apt-get purge -y -q kaoping >/tmp/kp/purge.log 2>&1'
check "purge leaves no /usr/share/kaoping, /usr/bin/kaoping" test ! -e /usr/share/kaoping -a ! -e /usr/bin/kaoping
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
CHROOT
echo "== in a clean $SUITE: apt-get install ./$(basename "$deb")"
chroot "$CH" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
    DEBIAN_FRONTEND=noninteractive /bin/bash /tmp/kp/test.sh </dev/null
