#!/usr/bin/env bash
# Installs WALLY as a systemd service on a Raspberry Pi (or any Debian-like Linux), idempotently.
# Runs from the unpacked tarball of ./wally dist (no build, no JDK: a Java 25 runtime is enough) or from a
# built repository (systemd/install.sh after ./wally build).
set -euo pipefail

usage() {
  cat <<'USAGE'
Usage: sudo ./install.sh [--root DIR] [--no-start] [--no-aot]
Installs WALLY as the systemd service wally (run it again after an update: it replaces the jar and the
unit, keeps your configuration, map and secrets, and restarts the service).

  --root DIR   install under DIR instead of / (packaging, tests): no user, no systemctl
  --no-start   install and enable, but do not (re)start the service
  --no-aot     do not make the ahead-of-time caches (starts are then slower)
  -h, --help   this text

What it installs:
  /opt/wally/wally.jar             the runtime
  /opt/wally/wally                 the wally command (linked from /usr/local/bin/wally)
  /opt/wally/wally.aot             the ahead-of-time caches of the classes a start loads (JEP 483): of the
  /opt/wally/wally-cli.aot         service (run) and of the short commands (--version, plan, ...), made
                                   here by training runs on the simulated robot (about a minute)
  /opt/wally/maps/                 the sample house map (the training run drives in it)
  /etc/wally/wally.yaml            the robot's configuration, from robot-config/wally-pi.yaml
                                   (an existing file is never overwritten)
  /etc/wally/wally.env             the JVM flags, the Java to run and the AOT cache flags
  /etc/wally/secrets.yaml          the robot's MQTT account (user = robot.id, random password), 0600
  /etc/wally/operator-secrets.yaml an operator account "ops" for your MQTT clients, 0600, root only
                                   (both made once, never overwritten; delete one to make it anew)
  /var/lib/wally/map.yaml          the sample map, where wally.yaml's map.file points, unless a map is there
  /etc/systemd/system/wally.service
  /etc/systemd/system/wally.service.d/groups.conf
                                   SupplementaryGroups= of the groups gpio i2c spi dialout that exist
  user and group wally             a system account, in those groups
Needs Java 25 or newer (/usr/bin/java or /usr/lib/jvm/*); says what to install when there is none.
Walk-through: docs/deploy.md.
USAGE
}

here="$(cd "$(dirname "$0")" && pwd)"
root=/
start=yes
aot=yes
while [ $# -gt 0 ]; do
  case "$1" in
    --root) root="${2:?--root needs a directory}"; shift 2 ;;
    --no-start) start=no; shift ;;
    --no-aot) aot=no; shift ;;
    -h|--help) usage; exit 0 ;;
    *) echo "install.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
done
root="${root%/}"
real_root=no
[ -z "$root" ] && real_root=yes

say() { echo "install.sh: $*"; }
die() { echo "install.sh: $*" >&2; exit 1; }

# Where the files come from: the unpacked tarball (everything beside this script) or a built repository.
if [ -f "$here/wally.jar" ]; then
  jar="$here/wally.jar"; env_file="$here/wally.env"; launcher="$here/wally"
  config="$here/robot-config/wally-pi.yaml"; maps="$here/maps"; docs="$here/docs"
else
  repo="$(dirname "$here")"
  jar="$repo/runtime/target/wally.jar"; env_file="$repo/runtime/target/wally.env"; launcher="$here/wally-installed"
  config="$repo/robot-config/wally-pi.yaml"; maps="$repo/maps/samples"; docs="$repo/docs"
  [ -f "$jar" ] || die "no $jar: build it first with ./wally build (or mvn -pl runtime -am package), or install from the tarball of ./wally dist"
fi
unit="$here/wally.service"
[ -f "$env_file" ] || die "no $env_file: the build writes it next to the jar; run ./wally build"
[ -f "$unit" ] || die "no $unit"
[ -f "$config" ] || die "no $config"
[ -f "$launcher" ] || die "no $launcher"

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
fi
# The device groups that exist here (under --root: in DIR/etc/group when there is one): the user joins them and
# the unit's drop-in names them; systemd refuses to start a unit whose SupplementaryGroups= names a missing group.
group_exists() {
  if [ "$real_root" = no ] && [ -f "$root/etc/group" ]; then grep -q "^$1:" "$root/etc/group"; else getent group "$1" >/dev/null; fi
}
groups=""
for g in gpio i2c spi dialout; do
  if group_exists "$g"; then
    groups="${groups:+$groups }$g"
    if [ "$real_root" = yes ]; then usermod -a -G "$g" wally; fi
  fi
done

# --- files -------------------------------------------------------------------------------------------
install -d -m 0755 "$root/opt/wally" "$root/opt/wally/maps" "$root/etc/wally" "$root/etc/systemd/system/wally.service.d" "$root/usr/local/bin"
install -m 0644 "$jar" "$root/opt/wally/wally.jar"
install -m 0755 "$launcher" "$root/opt/wally/wally"
ln -sfn /opt/wally/wally "$root/usr/local/bin/wally"
for f in house.yaml house-grid.yaml house.pgm; do
  if [ -f "$maps/$f" ]; then install -m 0644 "$maps/$f" "$root/opt/wally/maps/$f"; fi
done
install -m 0644 "$unit" "$root/etc/systemd/system/wally.service"
if [ -f "$docs/deploy.md" ]; then install -d -m 0755 "$root/opt/wally/docs"; install -m 0644 "$docs/deploy.md" "$root/opt/wally/docs/deploy.md"; fi
printf '# Written by install.sh: the groups of gpio i2c spi dialout that exist on this machine.\n[Service]\nSupplementaryGroups=%s\n' \
  "$groups" > "$root/etc/systemd/system/wally.service.d/groups.conf"
say "the service joins the groups: ${groups:-none of gpio i2c spi dialout exist here (is this a Raspberry Pi OS?)}"
if [ -e "$root/etc/wally/wally.yaml" ]; then
  say "kept the existing /etc/wally/wally.yaml (the shipped one is $config)"
else
  install -m 0640 "$config" "$root/etc/wally/wally.yaml"
  say "installed /etc/wally/wally.yaml from robot-config/wally-pi.yaml: set robot.id and mqtt there"
fi
if [ "$real_root" = yes ]; then chgrp wally /etc/wally/wally.yaml; fi

# --- the map the configuration names (map.file), from the sample house unless one is there --------------
map_file="$(sed -n '/^map:/,/^[^ #]/s/^  file: *\([^ #]*\).*/\1/p' "$root/etc/wally/wally.yaml" | head -n1)"
map_file="${map_file%\"}"; map_file="${map_file#\"}"
if [ -z "$map_file" ] || [ "$map_file" = null ] || [ "${map_file#/}" = "$map_file" ]; then
  say "wally.yaml names no absolute map.file: no map installed"
elif [ -e "$root$map_file" ]; then
  say "kept the existing map $map_file"
elif [ ! -f "$maps/house.yaml" ]; then
  say "no sample map in $maps: none installed at $map_file"
else
  map_dir="$(dirname "$map_file")"
  install -d -m 0750 "$root$map_dir"
  install -m 0640 "$maps/house.yaml" "$root$map_file"
  install -m 0640 "$maps/house-grid.yaml" "$maps/house.pgm" "$root$map_dir/"
  if [ "$real_root" = yes ]; then chown wally:wally "$map_dir" "$map_file" "$map_dir/house-grid.yaml" "$map_dir/house.pgm"; fi
  say "installed the sample house map as $map_file (replace it with your own: docs/mapping.md)"
fi

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

# --- wally.env: the build's JVM flags, the Java to run, the AOT cache ---------------------------------
# The AOT cache fits only the jar and the JVM that made it: made here, anew on every install, by the installed
# wally command (wally aot: a training run on the simulated robot), which reads WALLY_JAVA from wally.env.
write_env() { # the AOT cache flags
  { cat "$env_file"; printf '# Written by install.sh: the Java to run, and the AOT cache (empty: none).\nWALLY_JAVA=%s\nWALLY_AOT_FLAGS=%s\n' "$java_bin" "$1"; } \
    > "$root/etc/wally/wally.env"
  chmod 0644 "$root/etc/wally/wally.env"
}
write_env ""
rm -f "$root/opt/wally/wally.aot" "$root/opt/wally/wally-cli.aot"
if [ "$aot" = yes ]; then
  say "making the AOT caches /opt/wally/wally.aot and wally-cli.aot (training runs on the simulated robot, about a minute on a Pi)"
  if "$root/opt/wally/wally" aot; then
    write_env "-XX:AOTCache=/opt/wally/wally.aot -Xlog:aot=off -Xlog:cds=off"
  else
    say "WARNING: no AOT cache: WALLY runs without it, starting slower (sudo wally aot tries again)"
  fi
fi

# /usr/bin/java is not 25 but another JDK is: point the unit at it with a drop-in.
dropin="$root/etc/systemd/system/wally.service.d/java.conf"
if [ "$java_bin" != /usr/bin/java ]; then
  install -d -m 0755 "$(dirname "$dropin")"
  printf '[Service]\nExecStart=\nExecStart=%s $WALLY_JVM_FLAGS $WALLY_AOT_FLAGS -jar /opt/wally/wally.jar run --config /etc/wally/wally.yaml\n' "$java_bin" > "$dropin"
  say "/usr/bin/java is older than 25: the unit runs $java_bin (drop-in $dropin)"
elif [ -f "$dropin" ]; then
  rm -f "$dropin"
fi
say "installed /opt/wally/wally.jar, the wally command (/usr/local/bin/wally), /etc/wally/wally.env and the unit"

# --- systemd -----------------------------------------------------------------------------------------
if [ "$real_root" = yes ]; then
  systemctl daemon-reload
  systemctl enable wally.service >/dev/null
  if [ "$start" = yes ]; then
    systemctl restart wally.service
    say "started: systemctl status wally; logs: journalctl -u wally -f"
  else
    say "enabled; check the hardware with: sudo -u wally wally selftest --config /etc/wally/wally.yaml; then: sudo systemctl start wally"
  fi
fi
