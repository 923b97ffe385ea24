#!/usr/bin/env bash
# Coverage-guided fuzzing of one parser (or all) with AFL++ and SharpFuzz, for a bounded time.
#   tools/fuzz.sh TARGET SECONDS     e.g. tools/fuzz.sh dfu-file 600
#   tools/fuzz.sh A,B,C SECONDS      those targets in turn, SECONDS each (one build)
#   tools/fuzz.sh all SECONDS        every target in turn, SECONDS each
#   tools/fuzz.sh list               the targets
# Builds tests/FirmwareTools.Fuzz, instruments FirmwareTools.Protocols.dll and HtmlAgilityPack.dll with the pinned
# local tool SharpFuzz.CommandLine, runs afl-fuzz on corpus/<target>/seed + regression (with corpus/<target>/<target>.dict
# when there is one), prints executions, paths, crashes and hangs from fuzzer_stats, and copies every crash or hang
# into tests/FirmwareTools.Fuzz/corpus/<target>/regression/ (named by content hash), where ./test.sh replays it.
# Installs Debian's afl++ on first use (root). Work files go to out/fuzz (FUZZ_WORK overrides); exit 1 if anything crashed or hung.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
project="tests/FirmwareTools.Fuzz"
corpus="$here/$project/corpus"
work="${FUZZ_WORK:-$here/out/fuzz}"

usage() { echo "usage: tools/fuzz.sh TARGET[,TARGET...]|all SECONDS | list" >&2; exit 2; }
[ $# -ge 1 ] || usage
target="$1"
seconds="${2:-60}"
[[ "$seconds" =~ ^[0-9]+$ ]] || usage

if ! command -v afl-fuzz >/dev/null 2>&1; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "fuzz.sh: afl-fuzz is missing; run: sudo apt-get install -y afl++" >&2
    exit 1
  fi
  echo "fuzz.sh: apt-get install afl++" >&2
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends afl++ >/dev/null
fi

# A fresh publish each time: SharpFuzz refuses to instrument an assembly twice.
echo "fuzz.sh: building and instrumenting" >&2
rm -rf "$work/bin"
dotnet publish "$project" -c Release -o "$work/bin" --nologo -v quiet >/dev/null
dotnet tool restore >/dev/null
for assembly in FirmwareTools.Protocols.dll HtmlAgilityPack.dll; do
  dotnet tool run sharpfuzz "$work/bin/$assembly" >/dev/null
done
fuzzer="$work/bin/FirmwareTools.Fuzz"

if [ "$target" = list ]; then
  "$fuzzer" list
  exit 0
fi

if [ "$target" = all ]; then
  targets=$("$fuzzer" list | awk '{print $1}')
else
  targets="${target//,/ }"
  for t in $targets; do
    "$fuzzer" list | awk '{print $1}' | grep -qx -- "$t" || { echo "fuzz.sh: unknown target '$t'" >&2; "$fuzzer" list >&2; exit 2; }
  done
fi

stat() { sed -n "s/^$1 *: *//p" "$2" | head -n 1; }

status=0
printf '%-18s %10s %8s %8s %6s %9s\n' target executions paths crashes hangs seconds
for t in $targets; do
  input="$work/in/$t"
  findings="$work/findings/$t"
  rm -rf "$input" "$findings"
  mkdir -p "$input" "$work/findings" "$corpus/$t/regression"
  # AFL++ wants non-empty files; the regression corpus starts the search where the last bugs were.
  find "$corpus/$t/seed" "$corpus/$t/regression" -type f -size +0 ! -name '.gitkeep' -exec cp {} "$input/" \;
  dict=()
  [ -f "$corpus/$t/$t.dict" ] && dict=(-x "$corpus/$t/$t.dict")

  # Container-friendly: no CPU governor, no core_pattern or affinity changes; the apphost is not an AFL binary
  # (SharpFuzz's instrumentation is inside the assemblies). -t: .NET's first run JITs, and the machine is shared.
  AFL_SKIP_BIN_CHECK=1 AFL_SKIP_CPUFREQ=1 AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_NO_AFFINITY=1 \
  AFL_NO_UI=1 AFL_QUIET=1 AFL_FORKSRV_INIT_TMOUT=60000 AFL_TRY_AFFINITY=0 \
    afl-fuzz -V "$seconds" -t 10000 -m none -i "$input" -o "$findings" "${dict[@]}" -- "$fuzzer" fuzz "$t" \
    >"$work/afl-$t.log" 2>&1 || { echo "fuzz.sh: afl-fuzz failed for $t; see $work/afl-$t.log" >&2; tail -n 20 "$work/afl-$t.log" >&2; status=1; continue; }

  stats="$findings/default/fuzzer_stats"
  execs=$(stat execs_done "$stats")
  paths=$(stat corpus_count "$stats")
  crashes=$(stat saved_crashes "$stats")
  hangs=$(stat saved_hangs "$stats")
  ran=$(( $(stat last_update "$stats") - $(stat start_time "$stats") ))
  printf '%-18s %10s %8s %8s %6s %9s\n' "$t" "$execs" "$paths" "$crashes" "$hangs" "$ran"

  for kind in crashes hangs; do
    for f in "$findings/default/$kind"/id:*; do
      [ -e "$f" ] || continue
      prefix=crash; [ "$kind" = hangs ] && prefix=hang
      name="$prefix-$(sha1sum "$f" | cut -c1-12)"
      cp "$f" "$corpus/$t/regression/$name"
      echo "  $kind: $project/corpus/$t/regression/$name" >&2
      status=1
    done
  done
done
exit $status
