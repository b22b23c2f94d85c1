#!/bin/sh
# install-deps.sh - install the Debian 12 packages needed to build and test
# ipsecwatch, only those that are missing.  Run as root.
set -e
pkgs="build-essential autoconf automake libtool pkg-config
libevent-dev libcurl4-openssl-dev libconfig-dev libsystemd-dev libjansson-dev
zlib1g-dev libcmocka-dev
python3 python3-aiosmtpd python3-jsonschema openssl mandoc systemd systemd-journal-remote
clang libclang-rt-dev strace procps iproute2 util-linux
libreswan strongswan-swanctl libcharon-extra-plugins libstrongswan rsyslog
libnss3-tools iputils-ping"
missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
if [ -n "$missing" ]; then
	echo "installing:$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	# shellcheck disable=SC2086
	apt-get install -y -qq --no-install-recommends $missing >/dev/null
else
	echo "all build and test dependencies are installed"
fi
