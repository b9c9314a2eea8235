#!/usr/bin/env bash
# The Debian packages `make test` needs besides the Python and npm ones: Chromium for the
# browser tests (Playwright drives /usr/bin/chromium) and a Java runtime for the Nu HTML
# Checker (vnu.jar, from npm). Installs whichever is missing with apt-get, as root or through
# `sudo -n`; where neither works, stops with the command to run.
set -euo pipefail

chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"  # where Debian's package puts it
missing=()
[ -x "$chromium" ] || missing+=(chromium)
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
[ ${#missing[@]} -eq 0 ] && exit 0

sudo="sudo "
[ "$(id -u)" -ne 0 ] || sudo=""
manual="${sudo}apt-get update && ${sudo}apt-get install -y ${missing[*]}"
give_up() {
  echo "make test needs ${missing[*]} (browser tests and the HTML checker), but $1." >&2
  echo "Install them, then run make test again:" >&2
  echo "    $manual" >&2
  exit 1
}

command -v apt-get >/dev/null 2>&1 || give_up "this system has no apt-get"
if [ -z "$sudo" ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root=(sudo -n)
else
  give_up "installing them needs root (sudo asks for a password, or is missing)"
fi

echo "Installing ${missing[*]} with apt-get..."
${as_root[@]+"${as_root[@]}"} apt-get update -qq \
  || give_up "apt-get update failed"
${as_root[@]+"${as_root[@]}"} env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null \
  || give_up "apt-get install failed"

[ -x "$chromium" ] || give_up "$chromium is still missing after apt-get install"
command -v java >/dev/null 2>&1 || give_up "java is still missing after apt-get install"
