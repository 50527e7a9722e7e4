#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boots Debian's kernel in QEMU (TCG), runs one shell command in the guest
# and gives back its output on stdout and its exit status as ours.
#
# Usage: lab/guest/run.sh [options] [--] COMMAND...
#   COMMAND is run by the guest's busybox sh in /lab: one argument is a shell
#   snippet, several are quoted as one simple command.
#   --qemu BIN          QEMU binary (default qemu-system-x86_64)
#   --qemu-args "ARGS"  extra QEMU arguments, split on white space (repeatable)
#   --append "ARGS"     extra kernel command line words
#   --timeout SEC       wall-clock limit of one boot (default 60)
#   --initrd FILE       base initramfs (default: build/lab/initramfs.cpio.gz,
#                       or initramfs-$LAB_KERNEL.cpio.gz, made or refreshed
#                       by mkinitramfs.sh with LAB_KERNEL's iavf, iproute2's
#                       ip and bpftool)
#   --file SRC[:DST]    extra file or directory for this run only (default DST
#                       /lab/NAME) (repeatable)
#   --bin BIN           extra host binary and its libraries for this run only
#   --no-iavf           load iavf's dependencies but not iavf itself
#   --log FILE          write the guest console (ttyS0) of every boot to FILE
#   --live              stream the command's output while the guest runs
#                       (for demos; a retried boot shows its output again)
#   -v, --verbose       report boot and run times on stderr
#
# Environment: LAB_KERNEL picks the guest's kernel and iavf driver from
#   lab/kernels.txt (default 6.12-traced); the guest sees it as LAB_KERNEL.
#
# Exit status: the command's, or 255 when the guest failed twice (kernel
# panic, oops or BUG, no exit status within --timeout, or QEMU died), or
# when QEMU or this script could not start. 125: a module failed to load
# (the command did not run; the insmod error is on stdout).
# Retry: a boot that fails as above is retried once; a command that exits
# non-zero is not.
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
# shellcheck source=lab/guest/lib.sh
. "$HERE/lib.sh"

QEMU=qemu-system-x86_64
QEMU_ARGS=()
APPEND_EXTRA=
TIMEOUT=60
INITRD=
FILES=()
BINS=()
LOAD_IAVF=1
LOG=
VERBOSE=0
LIVE=0

while [ $# -gt 0 ]; do
	case "$1" in
	--qemu) QEMU=$2; shift 2 ;;
	--qemu-args) read -r -a more <<<"$2"; QEMU_ARGS+=("${more[@]}"); shift 2 ;;
	--append) APPEND_EXTRA="$APPEND_EXTRA $2"; shift 2 ;;
	--timeout) TIMEOUT=$2; shift 2 ;;
	--initrd) INITRD=$2; shift 2 ;;
	--file) FILES+=("$2"); shift 2 ;;
	--bin) BINS+=("$2"); shift 2 ;;
	--no-iavf) LOAD_IAVF=0; shift ;;
	--log) LOG=$2; shift 2 ;;
	--live) LIVE=1; shift ;;
	-v|--verbose) VERBOSE=1; shift ;;
	-h|--help) sed -n '4,35s/^# \{0,1\}//p' "$0"; exit 0 ;;
	--) shift; break ;;
	-*) guest_die "unknown option $1 (see --help)" ;;
	*) break ;;
	esac
done
[ $# -gt 0 ] || guest_die "no command given (see --help)"
[[ "$TIMEOUT" =~ ^[0-9]+$ ]] || guest_die "--timeout needs whole seconds"
command -v "$QEMU" >/dev/null || guest_die "QEMU binary $QEMU not found"

guest_load_env
if [ -n "$LOG" ]; then
	: >"$LOG" || guest_die "cannot write $LOG"
fi
if [ -z "$INITRD" ]; then
	INITRD=$ROOT/build/lab/initramfs.cpio.gz
	[ "$LAB_KERNEL" = 6.12-traced ] || INITRD=$ROOT/build/lab/initramfs-$LAB_KERNEL.cpio.gz
	[ "${KERNEL_FIXES:-1}" = 1 ] || INITRD=${INITRD%.cpio.gz}-nofix.cpio.gz
	"$HERE/mkinitramfs.sh" -q -o "$INITRD" --bin ip --bin bpftool
fi
[ -r "$INITRD" ] || guest_die "initramfs $INITRD not readable"

TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# This run's command and files ride in a second archive appended to the
# base one: the kernel unpacks concatenated archives in order.
R=$TMP/overlay
mkdir -p "$R/lab-run"
if [ $# -eq 1 ]; then
	printf '%s\n' "$1" >"$R/lab-run/cmd"
else
	for a in "$@"; do printf "'%s' " "${a//\'/\'\\\'\'}"; done >"$R/lab-run/cmd"
	echo >>"$R/lab-run/cmd"
fi
for b in "${BINS[@]}"; do guest_stage_bin "$R" "$b"; done
for f in "${FILES[@]}"; do guest_stage_file "$R" "$f"; done
guest_pack "$R" "$TMP/overlay.cpio.gz"
cat "$INITRD" "$TMP/overlay.cpio.gz" >"$TMP/initrd"

# loglevel=5: warnings (a WARN_ON splat) reach the console, info does not.
APPEND="console=ttyS0 panic=-1 oops=panic quiet loglevel=5 lab_iavf=$LOAD_IAVF LAB_KERNEL=$LAB_KERNEL LAB_IAVF_DRIVER=$IAVF_DRIVER$APPEND_EXTRA"
FW=()
for d in /usr/share/qemu /usr/share/seabios; do
	[ -d "$d" ] && FW+=(-L "$d")
done

# Kernel lines that mean the guest itself broke (oops=panic turns an oops
# into a panic; "BUG:" also covers soft lockups and sleeping-in-atomic).
FATAL_RE='Kernel panic|Oops:|BUG:|kernel BUG at|general protection fault|double fault'

# boot N: one QEMU run. Sets RESULT to ok (command status in CMD_STATUS),
# retry (reason in WHY) or fatal (reason in WHY).
boot() {
	local n=$1 qrc=0 t0 t1
	: >"$TMP/console.log"
	: >"$TMP/out"
	t0=$(date +%s.%N)
	local tailpid=
	if [ "$LIVE" = 1 ]; then
		(tail -n +1 -f "$TMP/out" 2>/dev/null | grep -a --line-buffered -v '^@@LAB-') &
		tailpid=$!
	fi
	timeout -k 5 "$TIMEOUT" "$QEMU" -machine q35 -accel tcg -smp 1 -m 1024 \
		-nodefaults -display none -no-reboot "${FW[@]}" \
		-kernel "$KIMAGE" -initrd "$TMP/initrd" -append "$APPEND" \
		-serial "file:$TMP/console.log" -serial "file:$TMP/out" \
		"${QEMU_ARGS[@]}" </dev/null >"$TMP/qemu.err" 2>&1 || qrc=$?
	t1=$(date +%s.%N)
	if [ -n "$tailpid" ]; then
		sleep 0.3	# let tail print the last lines
		pkill -P "$tailpid" 2>/dev/null || true
		kill "$tailpid" 2>/dev/null || true
		wait "$tailpid" 2>/dev/null || true
	fi
	if [ -n "$LOG" ]; then
		{ echo "==== boot $n: qemu status $qrc"; cat "$TMP/console.log"; } >>"$LOG"
	fi
	WALL=$(awk "BEGIN { printf \"%.2f\", $t1 - $t0 }")

	local fatal
	fatal=$(grep -a -m1 -E "$FATAL_RE" "$TMP/console.log" || true)
	if [ -n "$fatal" ]; then
		RESULT=retry WHY="guest kernel failure: $fatal"
	elif [ "$qrc" = 124 ] || [ "$qrc" = 137 ]; then
		RESULT=retry WHY="guest hung: no exit status within ${TIMEOUT}s"
	elif parse_out; then
		RESULT=ok
	elif [ "$qrc" != 0 ] && [ ! -s "$TMP/console.log" ]; then
		RESULT=fatal WHY="QEMU failed (status $qrc): $(head -c 2000 "$TMP/qemu.err")"
	else
		RESULT=retry WHY="guest stopped without an exit status (qemu status $qrc)"
	fi
}

# Splits ttyS1 into the command's output and status; false without both
# markers.
parse_out() {
	python3 - "$TMP/out" "$TMP" <<'EOF'
import re, sys
data = open(sys.argv[1], 'rb').read()
start = re.search(rb'@@LAB-START ([0-9.]+)@@\n', data)
end = None
for end in re.finditer(rb'\n@@LAB-EXIT (\d+) ([0-9.]+)@@\n', data):
    pass
if not start or not end or end.start() < start.end():
    sys.exit(1)
open(sys.argv[2] + '/payload', 'wb').write(data[start.end():end.start()])
open(sys.argv[2] + '/status', 'w').write('%s %s %s\n' % (
    end.group(1).decode(), start.group(1).decode(), end.group(2).decode()))
EOF
}

for n in 1 2; do
	boot "$n"
	if [ "$RESULT" = ok ]; then
		read -r CMD_STATUS T_START T_END <"$TMP/status"
		[ "$LIVE" = 1 ] || cat "$TMP/payload"
		if grep -a -q 'WARNING:' "$TMP/console.log"; then
			echo "run.sh: note: the guest kernel printed a WARNING:" >&2
			grep -a -m3 'WARNING:' "$TMP/console.log" | sed 's/^/  | /' >&2
		fi
		[ "$VERBOSE" = 1 ] && echo "run.sh: boot $n: command started at guest uptime ${T_START}s, ended at ${T_END}s; wall ${WALL}s" >&2
		exit "$CMD_STATUS"
	fi
	echo "run.sh: boot $n failed: $WHY" >&2
	[ "$RESULT" = fatal ] && break
	if [ "$n" = 1 ]; then
		echo "run.sh: retrying once" >&2
	fi
done
echo "run.sh: giving up: $WHY" >&2
# From the first fatal line when there is one: the panic's headline and
# call trace matter more than the last register dump.
first=$(grep -a -n -m1 -E "$FATAL_RE" "$TMP/console.log" | cut -d: -f1 || true)
if [ -n "$first" ]; then
	echo "run.sh: guest console from the first failure line (${LOG:+full log in $LOG}):" >&2
	tail -n +$((first > 5 ? first - 5 : 1)) "$TMP/console.log" | head -n 60 | sed 's/^/  | /' >&2
else
	echo "run.sh: last 40 lines of the guest console${LOG:+ (full log in $LOG)}:" >&2
	tail -n 40 "$TMP/console.log" | sed 's/^/  | /' >&2
fi
if [ -s "$TMP/out" ]; then
	echo "run.sh: command output so far:" >&2
	tail -n 20 "$TMP/out" | sed 's/^/  > /' >&2
fi
exit 255
