#!/usr/bin/env bash
# Installs WALLY as a systemd service on a Raspberry Pi (or any Debian-like Linux), idempotently:
#   /opt/wally/wally.jar            the runtime (built by ./wally build or mvn package)
#   /etc/wally/wally.yaml           the robot's configuration (from robot-config/wally-pi.yaml; an
#                                   existing file is never overwritten)
#   /etc/wally/wally.env            WALLY_JVM_FLAGS=... (written by the build as runtime/target/wally.env)
#   /etc/wally/secrets.yaml         the robot's MQTT account (user = robot.id, random password), mode 0600,
#                                   owned by wally; wally.yaml names it in mqtt.secretsFile
#   /etc/wally/operator-secrets.yaml  an operator account "ops" for your MQTT clients, 0600, root only
#                                   (both are made once and never overwritten; delete one to make it anew)
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
    -h|--help) sed -n '2,21p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
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

# --- MQTT accounts: random passwords, kept out of wally.yaml and out of logs ---------------------------
# The robot's user name is its robot id (the Mosquitto ACL of docs/mqtt.md gives user U wally/U/#).
robot_id="$( { sed -n '/^robot:/,/^[^ #]/s/^  id: *\([A-Za-z0-9_-]*\).*/\1/p' "$root/etc/wally/wally.yaml"
  sed -n 's/^robot: *{.*id: *\([A-Za-z0-9_-]*\).*/\1/p' "$root/etc/wally/wally.yaml"; } | head -n1)"
[ -n "$robot_id" ] || die "cannot find robot.id (letters, digits, - and _) in /etc/wally/wally.yaml: set it, then run install.sh again"
new_password() { head -c 48 /dev/urandom | base64 -w0 | tr -d '/+=' | cut -c1-32; }
write_secrets() { # file user owner
  local file="$1" user="$2" owner="$3" tmp
  tmp="$(mktemp "$file.XXXXXX")"
  chmod 0600 "$tmp"
  printf '# MQTT account written by systemd/install.sh: keep it readable by its owner only (chmod 600)\nmqtt:\n  username: %s\n  password: "%s"\n' \
    "$user" "$(new_password)" > "$tmp"
  if [ "$real_root" = yes ]; then chown "$owner:$owner" "$tmp"; fi
  mv "$tmp" "$file"
}
secrets="$root/etc/wally/secrets.yaml"
operator_secrets="$root/etc/wally/operator-secrets.yaml"
if [ -e "$secrets" ]; then
  say "kept the existing /etc/wally/secrets.yaml"
else
  write_secrets "$secrets" "$robot_id" wally
  say "wrote /etc/wally/secrets.yaml: MQTT user $robot_id with a random password (mode 0600, owner wally)"
fi
if [ -e "$operator_secrets" ]; then
  say "kept the existing /etc/wally/operator-secrets.yaml"
else
  write_secrets "$operator_secrets" ops root
  say "wrote /etc/wally/operator-secrets.yaml: MQTT operator ops with a random password (mode 0600, root only)"
fi
if ! grep -q '^ *secretsFile: */etc/wally/secrets.yaml' "$root/etc/wally/wally.yaml"; then
  say "WARNING: /etc/wally/wally.yaml does not name the secrets: add 'secretsFile: /etc/wally/secrets.yaml' under mqtt:"
fi
# The passwords reach mosquitto_passwd through a pipe: never on a command line, never on the screen.
extract='p=$(sed -n "s/^  password: \"\(.*\)\"$/\1/p"'
cat <<MSG
install.sh: to give Mosquitto these accounts (docs/mqtt.md, section Security), run:
  sudo touch $root/etc/mosquitto/passwd
  sudo sh -c '$extract $secrets); printf "%s\n%s\n" "\$p" "\$p" | mosquitto_passwd $root/etc/mosquitto/passwd $robot_id'
  sudo sh -c '$extract $operator_secrets); printf "%s\n%s\n" "\$p" "\$p" | mosquitto_passwd $root/etc/mosquitto/passwd ops'
  and put this ACL in /etc/mosquitto/acl:
    pattern readwrite wally/%u/#
    user ops
    topic write wally/+/cmd/#
    topic read wally/#
  with 'allow_anonymous false', 'password_file /etc/mosquitto/passwd' and 'acl_file /etc/mosquitto/acl'
  in /etc/mosquitto/conf.d/wally.conf; then: sudo systemctl restart mosquitto
MSG

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
