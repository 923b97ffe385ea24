#!/usr/bin/env bash
# Installs what the tests need on a fresh machine: libusb-1.0 (the real binding is exercised), Debian's
# dfu-util (dfu-suffix / dfuse-pack judge the .dfu files we write), socat and ser2net (serial ports), dosfstools and
# mtools (the BOOTSEL drive image), the npm peers pinned by tests/peers/package-lock.json, and the Pester suite's real
# PowerShell (the local .NET tool pinned in .config/dotnet-tools.json) and Pester (tests/pester/Pester.Restore.proj, from
# the feed dotnet is configured with). Idempotent: quick when everything is already there.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

need_apt=()
[ -e /usr/lib/x86_64-linux-gnu/libusb-1.0.so.0 ] || ldconfig -p 2>/dev/null | grep -q 'libusb-1.0.so.0' || need_apt+=(libusb-1.0-0)
command -v dfu-suffix >/dev/null 2>&1 || need_apt+=(dfu-util)
# socat: pseudo-terminal pairs for the System.IO.Ports tests; ser2net: a real RFC 2217 server.
command -v socat >/dev/null 2>&1 || need_apt+=(socat)
command -v ser2net >/dev/null 2>&1 || [ -x /usr/sbin/ser2net ] || need_apt+=(ser2net)
# dosfstools and mtools: fsck.fat and mdir judge the virtual Pico's BOOTSEL drive image.
command -v fsck.fat >/dev/null 2>&1 || [ -x /usr/sbin/fsck.fat ] || need_apt+=(dosfstools)
command -v mdir >/dev/null 2>&1 || need_apt+=(mtools)
if [ ${#need_apt[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "install-test-deps: need ${need_apt[*]}; run: sudo apt-get install -y ${need_apt[*]}" >&2
    exit 1
  fi
  echo "install-test-deps: apt-get install ${need_apt[*]}" >&2
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

# npm peers, exactly as pinned. Reinstall only when the lock file changed since the last install.
cd "$here/tests/peers"
if [ ! -f node_modules/.package-lock.json ] || ! cmp -s package-lock.json node_modules/.installed-lock.json; then
  echo "install-test-deps: npm ci (tests/peers)" >&2
  npm ci --no-audit --no-fund --loglevel=error >/dev/null
  cp package-lock.json node_modules/.installed-lock.json
fi

# The real pwsh (dotnet tool restore) and Pester's nupkg in the NuGet packages folder (a PackageDownload restore).
cd "$here"
dotnet tool restore >/dev/null
packages="$(dotnet nuget locals global-packages --list | sed -n 's/^global-packages: *//p')"
if [ ! -f "${packages%/}/pester/6.2.0/tools/Pester.psd1" ]; then
  echo "install-test-deps: dotnet restore tests/pester/Pester.Restore.proj" >&2
  dotnet restore tests/pester/Pester.Restore.proj --nologo >/dev/null
fi
