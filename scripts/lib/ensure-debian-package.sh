#!/usr/bin/env bash
# Installs a Debian package the tests need when it is missing: ensure-debian-package.sh PACKAGE PATH WHAT.
# PATH is the file whose presence means the package is there; WHAT says which tests need it. Installing needs root
# (as on CI); otherwise the command to run is printed and the script fails.
set -euo pipefail
package="$1" present="$2" what="$3"
if [ -e "$present" ]; then exit 0; fi
if [ "$(id -u)" -ne 0 ]; then
  echo "$package is missing (no $present): run 'sudo apt-get update && sudo apt-get install -y $package' and retry." >&2
  exit 1
fi
echo "Installing Debian's $package for $what..."
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$package" >/dev/null
