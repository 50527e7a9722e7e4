# SPDX-License-Identifier: GPL-2.0
#
# Generic helpers of the VLAN state suite, in the spirit of the kernel's
# selftests/net/lib.sh: deferred cleanup, busywait instead of sleeps,
# network namespaces, and failure bookkeeping for the case bodies.
# Sourced; bash only.

# ---- time ----

# Milliseconds since the epoch; bash 5's EPOCHREALTIME costs no fork.
now_ms() {
	local t=${EPOCHREALTIME/./}

	echo $((t / 1000))
}

# ---- deferred cleanup (cf. net/lib/sh/defer.sh) ----
# defer CMD...: run CMD when the current scope ends, last deferred first.
# Scopes nest: the suite opens one, every case opens its own.

DEFER_CMDS=()
DEFER_SCOPES=()

defer_scope_push() {
	DEFER_SCOPES+=("${#DEFER_CMDS[@]}")
}

defer() {
	local q="" a

	for a in "$@"; do
		q+="$(printf '%q' "$a") "
	done
	DEFER_CMDS+=("$q")
}

defer_scope_pop() {
	local n=${#DEFER_SCOPES[@]} base i

	[ "$n" -gt 0 ] || return 0
	base=${DEFER_SCOPES[$((n - 1))]}
	unset "DEFER_SCOPES[$((n - 1))]"
	for ((i = ${#DEFER_CMDS[@]} - 1; i >= base; i--)); do
		eval "${DEFER_CMDS[$i]}" || true
		unset "DEFER_CMDS[$i]"
	done
}

defer_scopes_cleanup() {
	while [ "${#DEFER_SCOPES[@]}" -gt 0 ]; do
		defer_scope_pop
	done
}

# ---- waiting ----
# busywait TIMEOUT_MS CMD...: retry CMD until it succeeds; false on timeout.
# The short nap matters under TCG with one vCPU: a spinning poller would
# take the CPU from the kernel work it waits for.
busywait() {
	local timeout_ms=$1 start

	shift
	start=$(now_ms)
	while true; do
		"$@" && return 0
		[ $(($(now_ms) - start)) -ge "$timeout_ms" ] && return 1
		sleep 0.05
	done
}

# busywait_stable TIMEOUT_MS CMD...: wait until CMD prints the same output
# twice in a row; prints it.
busywait_stable() {
	local timeout_ms=$1 start prev cur

	shift
	start=$(now_ms)
	prev=$("$@")
	while true; do
		sleep 0.1
		cur=$("$@")
		if [ "$cur" = "$prev" ]; then
			printf '%s\n' "$cur"
			return 0
		fi
		prev=$cur
		[ $(($(now_ms) - start)) -ge "$timeout_ms" ] && { printf '%s\n' "$cur"; return 1; }
	done
}

# ---- case bookkeeping ----
# A case body runs in a subshell: RET is its verdict, diagnostics go out
# at once as KTAP "# " lines.

RET=0

diag() {
	ktap_print_msg "$@"
}

# fail MSG: the case fails, and goes on so the later checks report too.
fail() {
	diag "FAIL: $*"
	RET=$KSFT_FAIL
}

# check_err STATUS MSG: fail with MSG when STATUS is not 0 (after the
# kernel's net/forwarding lib.sh: `cmd; check_err $? "cmd failed"`).
check_err() {
	[ "$1" = 0 ] && return 0
	fail "$2"
	return 1
}

# check_fail STATUS MSG: fail with MSG when STATUS is 0 (the command was
# expected to fail).
check_fail() {
	[ "$1" != 0 ] && return 0
	fail "$2"
	return 1
}

# check MSG CMD...: fail with MSG unless CMD succeeds.
check() {
	local msg=$1

	shift
	"$@"
	check_err $? "$msg"
}

# skip REASON: end the case as skipped (only before anything failed).
skip() {
	diag "SKIP: $*"
	[ "$RET" = 0 ] && RET=$KSFT_SKIP
	exit "$RET"
}

# ---- network namespaces (cf. net/lib.sh setup_ns) ----
# setup_ns VAR...: create a namespace per VAR named VAR-<random> and store
# its name in VAR; they go away in the current defer scope.
NS_LIST=()

setup_ns() {
	local var name

	for var in "$@"; do
		name="${var}-$(printf '%04x%04x' $RANDOM $RANDOM)"
		ip netns add "$name" || return 1
		ip -n "$name" link set lo up || return 1
		NS_LIST+=("$name")
		printf -v "$var" '%s' "$name"
		defer cleanup_ns "$name"
	done
}

# cleanup_ns NS: any physical netdev still inside returns to init_net
# when the namespace dies; VLAN devices die with it.
cleanup_ns() {
	ip netns del "$1" 2>/dev/null
	return 0
}

in_ns() {
	local ns=$1

	shift
	ip netns exec "$ns" "$@"
}
