#!/usr/bin/env bash
# Installs WALLY as a systemd service on a Raspberry Pi (or any Debian-like Linux), idempotently:
#   /opt/wally/wally.jar            the runtime (built by ./wally build or mvn package)
#   /etc/wally/wally.yaml           the robot's configuration (from robot-config/wally-pi.yaml; an
#                                   existing file is never overwritten)
#   /etc/wally/wally.env            WALLY_JVM_FLAGS=... (written by the build as runtime/target/wally.env)
#   /etc/systemd/system/wally.service
#   user and group "wally" (system account, groups gpio i2c spi dialout when they exist)
#   /var/lib/wally                  the map store (systemd StateDirectory=wally creates it too)
#
# Usage: sudo systemd/install.sh [--root DIR] [--no-start]
#   --root DIR   install under DIR instead of / (packaging, tests): no user, no systemctl
#   --no-start   install and enable, but do not (re)start the service
# Run it again after a new build: it replaces the jar and the unit and restarts the service.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
repo="$(dirname "$here")"
root=/
start=yes
while [ $# -gt 0 ]; do
  case "$1" in
    --root) root="${2:?--root needs a directory}"; shift 2 ;;
    --no-start) start=no; shift ;;
    -h|--help) sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "install.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
done
root="${root%/}"
real_root=no
[ -z "$root" ] && real_root=yes

say() { echo "install.sh: $*"; }
die() { echo "install.sh: $*" >&2; exit 1; }

jar="$repo/runtime/target/wally.jar"
env_file="$repo/runtime/target/wally.env"
unit="$here/wally.service"
config="$repo/robot-config/wally-pi.yaml"
[ -f "$jar" ] || die "no $jar: build it first with ./wally build (or mvn -pl runtime -am package)"
[ -f "$env_file" ] || die "no $env_file: the build writes it next to the jar; run ./wally build"
[ -f "$unit" ] || die "no $unit"
[ -f "$config" ] || die "no $config"

if [ "$real_root" = yes ] && [ "$(id -u)" -ne 0 ]; then
  die "run as root: sudo $0 $*"
fi

# --- Java: the unit runs /usr/bin/java; it must be 25 or newer ---------------------------------------
java_major() { "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n1; }
java_ok=no
java_bin=""
for candidate in /usr/bin/java /usr/lib/jvm/*/bin/java; do
  [ -x "$candidate" ] || continue
  major="$(java_major "$candidate" || true)"
  if [ -n "$major" ] && [ "${major%%.*}" -ge 25 ] 2>/dev/null; then java_ok=yes; java_bin="$candidate"; break; fi
done
if [ "$java_ok" != yes ]; then
  cat >&2 <<'MSG'
install.sh: WALLY needs Java 25 or newer, and none was found (/usr/bin/java, /usr/lib/jvm/*).
  Raspberry Pi OS / Debian: apt offers only OpenJDK 17 (Bookworm) or 21 (Trixie); install a vendor build:
    Temurin 25:  https://adoptium.net/installation/linux/  then  sudo apt-get install temurin-25-jre
    Azul Zulu 25: https://docs.azul.com/core/install/debian  then  sudo apt-get install zulu25-jre
MSG
  exit 1
fi
say "Java 25+: $java_bin"

# --- user and groups ---------------------------------------------------------------------------------
if [ "$real_root" = yes ]; then
  if ! getent group wally >/dev/null; then groupadd --system wally; say "created group wally"; fi
  if ! id -u wally >/dev/null 2>&1; then
    useradd --system --gid wally --home-dir /var/lib/wally --no-create-home --shell /usr/sbin/nologin wally
    say "created user wally"
  fi
  for g in gpio i2c spi dialout; do
    if getent group "$g" >/dev/null; then usermod -a -G "$g" wally; fi
  done
fi

# --- files -------------------------------------------------------------------------------------------
install -d -m 0755 "$root/opt/wally" "$root/etc/wally" "$root/etc/systemd/system"
install -m 0644 "$jar" "$root/opt/wally/wally.jar"
install -m 0644 "$env_file" "$root/etc/wally/wally.env"
install -m 0644 "$unit" "$root/etc/systemd/system/wally.service"
if [ -f "$repo/docs/deploy.md" ]; then install -d -m 0755 "$root/opt/wally/docs"; install -m 0644 "$repo/docs/deploy.md" "$root/opt/wally/docs/deploy.md"; fi
if [ -e "$root/etc/wally/wally.yaml" ]; then
  say "kept the existing /etc/wally/wally.yaml (the shipped one is $config)"
else
  install -m 0640 "$config" "$root/etc/wally/wally.yaml"
  say "installed /etc/wally/wally.yaml from robot-config/wally-pi.yaml: set robot.id and mqtt there"
fi
if [ "$real_root" = yes ]; then chgrp wally /etc/wally/wally.yaml; fi

# /usr/bin/java is not 25 but another JDK is: point the unit at it with a drop-in.
dropin="$root/etc/systemd/system/wally.service.d/java.conf"
if [ "$java_bin" != /usr/bin/java ]; then
  install -d -m 0755 "$(dirname "$dropin")"
  printf '[Service]\nExecStart=\nExecStart=%s $WALLY_JVM_FLAGS -jar /opt/wally/wally.jar run --config /etc/wally/wally.yaml\n' "$java_bin" > "$dropin"
  say "/usr/bin/java is older than 25: the unit runs $java_bin (drop-in $dropin)"
elif [ -f "$dropin" ]; then
  rm -f "$dropin"
fi
say "installed /opt/wally/wally.jar, /etc/wally/wally.env and the unit"

# --- systemd -----------------------------------------------------------------------------------------
if [ "$real_root" = yes ]; then
  systemctl daemon-reload
  systemctl enable wally.service >/dev/null
  if [ "$start" = yes ]; then
    systemctl restart wally.service
    say "started: systemctl status wally; logs: journalctl -u wally -f"
  else
    say "enabled; start it with: sudo systemctl start wally"
  fi
fi
