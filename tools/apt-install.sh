#!/usr/bin/env bash
# Installs the Debian packages named on the command line that are not installed yet, waiting for
# the dpkg and apt-lists locks when another apt or dpkg holds them (a fresh machine often runs
# unattended upgrades at boot). Tries the install first and updates the package lists only when
# that fails. Used by `make setup` and the test set-up scripts.
set -euo pipefail
SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
missing=""
for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing="$missing $pkg"; done
[ -z "$missing" ] && exit 0
echo "installing:$missing" >&2
# apt waits up to LOCK_WAIT seconds for each lock it needs (DPkg::Lock::Timeout covers both the
# dpkg frontend lock and the lists lock in apt 2.x); the retry loop covers the window in which a
# lock is released and taken again by the other program's next step.
LOCK_WAIT=${APT_LOCK_WAIT:-900}
apt() { $SUDO env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout="$LOCK_WAIT" -y -q "$@"; }
for attempt in 1 2 3 4 5; do
  if apt install $missing >/dev/null 2>&1; then exit 0; fi
  if apt update >/dev/null 2>&1 && apt install $missing >&2; then exit 0; fi
  echo "apt-get failed (attempt $attempt of 5); waiting 20 s for another package manager to finish" >&2
  sleep 20
done
echo "could not install:$missing" >&2
exit 1
