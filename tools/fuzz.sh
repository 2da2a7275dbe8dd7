#!/usr/bin/env bash
# Runs the libFuzzer targets of tests/fuzz, each for a bounded time, from its seed corpus.
#
#   tools/fuzz.sh BUILD [SECONDS] [TARGET...]   BUILD: a build dir (set up with clang, -Dfuzz=true, ASan
#                                              and UBSan when missing); SECONDS per target (default 20);
#                                              TARGET: config process resources state flags signal size cdi
#                                              duration (default: all)
#   FUZZ_CORPUS=DIR tools/fuzz.sh ...          keeps what the fuzzer finds in DIR/<target> (default: a
#                                              temporary directory, removed at the end)
#
# Prints each target's executions and time, and a crash's input (saved under BUILD/fuzz-artifacts) with
# the report; ends with "N passed, M failed" (one per target) and exits non-zero when any target failed.
# A crash found becomes a regression: its input goes into tests/fuzz/corpus/<target>/ (every run replays
# the corpus first) and, where it is a parser's bug, a unit test.
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
build="${1:?usage: tools/fuzz.sh BUILD [SECONDS] [TARGET...]}"
secs="${2:-20}"
shift $(($# < 2 ? $# : 2))
targets=("$@")
((${#targets[@]})) || targets=(config process resources state flags signal size duration cdi)

if [ ! -f "$build/build.ninja" ]; then
  CC=clang meson setup "$build" "$here" -Dfuzz=true -Db_sanitize=address,undefined -Db_lundef=false \
    -Dbuildtype=debugoptimized >/dev/null || exit 1
fi
ninja -C "$build" $(printf 'tests/fuzz/fuzz_%s ' "${targets[@]}") >/dev/null || exit 1

work=$(mktemp -d "${TMPDIR:-/tmp}/brownie-fuzz.XXXXXX")
trap 'rm -rf "$work"' EXIT
art="$build/fuzz-artifacts"
mkdir -p "$art"
# A report must end the run: UBSan halts (the build also has -fno-sanitize-recover), ASan and LSan abort.
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1${UBSAN_OPTIONS:+:$UBSAN_OPTIONS}"
export ASAN_OPTIONS="abort_on_error=1:detect_leaks=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}"

pass=0 fail=0
for t in "${targets[@]}"; do
  corpus="${FUZZ_CORPUS:+$FUZZ_CORPUS/$t}"
  corpus="${corpus:-$work/$t}"
  mkdir -p "$corpus"
  seeds=("$here/tests/fuzz/corpus/$t")
  if [ "$t" = config ]; then
    # the bad-config corpus of the unit tests (its .json files: the .err files are their expected messages)
    mkdir -p "$work/bad-configs"
    cp "$here"/tests/unit/bad-configs/*.json "$work/bad-configs/"
    seeds+=("$work/bad-configs")
  fi
  case "$t" in
    config | process | resources | cdi) dict="$here/tests/fuzz/spec.dict" ;;
    state) dict="$here/tests/fuzz/state.dict" ;;
    *) dict="$here/tests/fuzz/text.dict" ;;
  esac
  log="$work/$t.log"
  start=$(date +%s.%N)
  "$build/tests/fuzz/fuzz_$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -dict="$dict" -artifact_prefix="$art/$t-" "$corpus" "${seeds[@]}" >"$log" 2>&1
  rc=$?
  end=$(date +%s.%N)
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  cov=$(grep -Eo 'cov: [0-9]+ ft: [0-9]+ corp: [0-9]+' "$log" | tail -n 1)
  printf 'fuzz_%s: %s execs in %.1f s (%s)' "$t" "${execs:-?}" "$(awk -v a="$start" -v b="$end" 'BEGIN {print b - a}')" "${cov:-no stats}"
  if [ "$rc" = 0 ] && ! grep -qE 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error:' "$log"; then
    echo ": ok"
    pass=$((pass + 1))
  else
    echo ": FAILED (exit $rc)"
    grep -E 'runtime error:|ERROR: |SUMMARY:|Test unit written to|^#[0-9]+ ' "$log" | head -n 40 | sed 's/^/  /'
    fail=$((fail + 1))
  fi
done
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
