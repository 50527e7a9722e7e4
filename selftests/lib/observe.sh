# SPDX-License-Identifier: GPL-2.0
#
# What the suite observes besides the case's own commands:
#  - the driver's view (DRV_VIEW): with a traced iavf, its iavf_vlan_state/
#    _vc/updown tracepoints, read from a private tracefs instance into
#    $ART/trace.log for the whole run ("trace"); with a stock iavf, the
#    state events of `iavf-vlantrace monitor -j` in fentry mode, which
#    reads the driver's list ("monitor"). Either way the last state per
#    (PCI function, VID) is the driver's filter list, in the driver's own
#    state names;
#  - the monitor: `iavf-vlantrace monitor -j` into $ART/monitor.jsonl;
#  - after every case an audit: our own from the trace (stuck, leaked,
#    lost filters, counter drift, PF drift) and `iavf-vlantrace audit -j`.
# Sourced; needs lib.sh, ktap.sh and pf.sh.

TRACEFS=${TRACEFS:-/sys/kernel/tracing}
TRACE_INST=$TRACEFS/instances/iavf_vlan_suite
TRACE_OK=0
TRACE_WHY="not started"
DRV_VIEW=
DRV_WHY="not started"
TRACE_PID=
TRACE_SYNC_N=0
MON_PID=
IVT=${IVT:-}
IVT_WHY=
STATE_DB=
STATE_OFF=0
# Filter states that mean "waiting for something" (fixed and unfixed
# machines; DISABLE and INACTIVE are normal only while the link is down).
TRANSIENT_RE='^(ADD|ADDING|REMOVE|REMOVING|IS_NEW|DISABLE|INACTIVE)$'

# trace_start: trace our three events until the suite ends.
trace_start() {
	local ev

	if [ ! -d "$TRACEFS/events/iavf/iavf_vlan_state" ]; then
		TRACE_WHY="no iavf_vlan_state tracepoint (stock iavf, or tracefs not mounted)"
		return 1
	fi
	mkdir -p "$TRACE_INST" 2>/dev/null || { TRACE_WHY="cannot create $TRACE_INST"; return 1; }
	echo 8192 >"$TRACE_INST/buffer_size_kb"
	for ev in iavf_vlan_state iavf_vlan_vc iavf_updown; do
		echo 1 >"$TRACE_INST/events/iavf/$ev/enable" || { TRACE_WHY="cannot enable $ev"; return 1; }
	done
	: >"$ART/trace.log"
	STATE_DB=$ART/driver_state.db
	: >"$STATE_DB"
	STATE_OFF=0
	cat "$TRACE_INST/trace_pipe" >>"$ART/trace.log" &
	TRACE_PID=$!
	TRACE_OK=1
	TRACE_WHY=
}

trace_stop() {
	[ -n "$TRACE_PID" ] && kill "$TRACE_PID" 2>/dev/null
	TRACE_PID=
	[ -d "$TRACE_INST" ] && echo 0 >"$TRACE_INST/events/enable" && rmdir "$TRACE_INST" 2>/dev/null
	return 0
}

# trace_sync: every event so far is in trace.log (a marker went through).
trace_sync() {
	local m

	[ "$TRACE_OK" = 1 ] || return 1
	TRACE_SYNC_N=$((TRACE_SYNC_N + 1))
	m="iavf-vlan-suite-sync-$$-$TRACE_SYNC_N"
	echo "$m" >"$TRACE_INST/trace_marker"
	busywait 5000 grep -qF "$m" "$ART/trace.log"
}

trace_lines() {
	wc -l <"$ART/trace.log"
}

# Events lost by the ring buffer: the driver view is then incomplete.
trace_overruns() {
	cat "$TRACE_INST"/per_cpu/cpu*/stats 2>/dev/null | awk '/^overrun:/ { n += $2 } END { print n + 0 }'
}

# state_refresh: STATE_DB, lines of "PCI VID STATE NUM_VLAN_FILTERS" (last
# event per PCI and VID) and "PCI #last NUM", from the driver view.
state_refresh() {
	case "$DRV_VIEW" in
	trace) state_refresh_trace ;;
	monitor) state_refresh_monitor ;;
	*) return 1 ;;
	esac
}

# state_refresh_trace: fold the new trace lines into STATE_DB, lines of
# "PCI VID STATE NUM_VLAN_FILTERS" (last event per PCI and VID).
state_refresh_trace() {
	local total

	trace_sync || return 1
	total=$(trace_lines)
	[ "$total" -gt "$STATE_OFF" ] || return 0
	{
		sed 's/^/DB /' "$STATE_DB"
		tail -n +"$((STATE_OFF + 1))" "$ART/trace.log" | head -n "$((total - STATE_OFF))"
	} | awk '
		$1 == "DB" { if ($3 == "#last") last[$2] = $4; else { st[$2 " " $3] = $4; num[$2 " " $3] = $5 }; next }
		/iavf_vlan_state:/ {
			pci = ""; vid = ""; ns = ""; n = ""
			for (i = 1; i <= NF; i++) {
				if ($i ~ /^pci=/) pci = substr($i, 5)
				else if ($i ~ /^vid=/) vid = substr($i, 5)
				else if ($i == "->") ns = $(i + 1)
				else if ($i ~ /^num_vlan_filters=/) n = substr($i, 18)
			}
			if (pci != "" && vid != "") { st[pci " " vid] = ns; num[pci " " vid] = n; last[pci] = n }
		}
		END { for (k in st) print k, st[k], num[k]
		      for (p in last) print p, "#last", last[p] }' >"$STATE_DB.new" || return 1
	mv "$STATE_DB.new" "$STATE_DB"
	STATE_OFF=$total
}

# state_refresh_monitor: the same from monitor.jsonl (fentry mode: the
# monitor reports what its walks of the driver's list saw change).
state_refresh_monitor() {
	[ -n "$MON_PID" ] && kill -0 "$MON_PID" 2>/dev/null || return 1
	awk '
		function jstr(k,   m) { if (match($0, "\"" k "\":\"[^\"]*\"")) { m = substr($0, RSTART, RLENGTH); sub(/^"[^"]*":"/, "", m); sub(/"$/, "", m); return m } return "" }
		function jnum(k,   m) { if (match($0, "\"" k "\":-?[0-9]+")) { m = substr($0, RSTART, RLENGTH); sub(/^"[^"]*":/, "", m); return m } return "" }
		/"event":"state"/ {
			pci = jstr("pci"); vid = jnum("vid")
			if (pci == "" || vid == "") next
			st[pci " " vid] = jstr("new"); num[pci " " vid] = jnum("num_vlan_filters")
			last[pci] = num[pci " " vid]
		}
		END { for (k in st) print k, st[k], num[k]
		      for (p in last) print p, "#last", last[p] }' "$ART/monitor.jsonl" >"$STATE_DB.new" || return 1
	mv "$STATE_DB.new" "$STATE_DB"
}

# drv_filters SLOT: "VID STATE" per filter the driver holds (not freed).
drv_filters() {
	awk -v p="${VF_PCI[$1]}" '$1 == p && $2 != "#last" && $3 != "NONE" { print $2, $3 }' "$STATE_DB" | sort -n
}

# drv_state SLOT VID: the filter's state, NONE when the driver has none.
drv_state() {
	local s

	s=$(awk -v p="${VF_PCI[$1]}" -v v="$2" '$1 == p && $2 == v { print $3 }' "$STATE_DB")
	echo "${s:-NONE}"
}

# drv_count SLOT: num_vlan_filters of the VF's last state event.
drv_count() {
	awk -v p="${VF_PCI[$1]}" '$1 == p && $2 == "#last" { print $3 }' "$STATE_DB"
}

drv_active_vids() {
	drv_filters "$1" | awk '$2 == "ACTIVE" { print $1 }' | tr '\n' ' ' | sed 's/ $//'
}

drv_quiet() {
	state_refresh || return 1
	! drv_filters "$1" | awk '{ print $2 }' | grep -qE "$TRANSIENT_RE"
}

# ---- the monitor ----

ivt_probe() {
	if [ -z "$IVT" ]; then
		IVT=$(command -v iavf-vlantrace 2>/dev/null || true)
	fi
	if [ -z "$IVT" ] || [ ! -x "$IVT" ]; then
		IVT=
		IVT_WHY="iavf-vlantrace not found (build/tools/iavf-vlantrace not built yet?)"
		return 1
	fi
	if ! "$IVT" audit --help >/dev/null 2>&1; then
		IVT_WHY="$IVT has no usable 'audit' command"
		IVT=
		return 1
	fi
	IVT_WHY=
}

# monitor_start: the monitor in SUITE_MONITOR_MODE (auto when unset; none:
# no monitor, to compare a race's outcome with and without an observer).
monitor_start() {
	[ -n "$IVT" ] || return 1
	if [ "${SUITE_MONITOR_MODE:-auto}" = none ]; then
		echo "monitor off (SUITE_MONITOR_MODE=none)" >"$ART/monitor.err"
		return 1
	fi
	"$IVT" monitor -j --mode "${SUITE_MONITOR_MODE:-auto}" >"$ART/monitor.jsonl" 2>"$ART/monitor.err" &
	MON_PID=$!
	# It is up once it announced its mode (after attach) and stays alive.
	busywait 20000 grep -q " in mode " "$ART/monitor.err"
	if ! kill -0 "$MON_PID" 2>/dev/null; then
		MON_PID=
		return 1
	fi
}

# monitor_mode: the mode the running monitor attached in (tp_btf, raw_tp,
# fentry), from its announcement.
monitor_mode() {
	sed -n 's/.* in mode \([a-z_]*\).*/\1/p' "$ART/monitor.err" 2>/dev/null | head -1
}

# drv_view_select: the tracepoints when the driver has them, else the
# monitor's fentry view of the driver's list; false (DRV_WHY) with neither.
drv_view_select() {
	if [ "$TRACE_OK" = 1 ]; then
		DRV_VIEW=trace DRV_WHY=
		return 0
	fi
	if [ -n "$MON_PID" ] && [ "$(monitor_mode)" = fentry ]; then
		STATE_DB=$ART/driver_state.db
		: >"$STATE_DB"
		DRV_VIEW=monitor DRV_WHY=
		return 0
	fi
	DRV_VIEW=
	DRV_WHY="$TRACE_WHY; ${IVT_WHY:-no fentry monitor ($(tail -n 1 "$ART/monitor.err" 2>/dev/null))}"
	return 1
}

monitor_stop() {
	[ -n "$MON_PID" ] || return 0
	kill -INT "$MON_PID" 2>/dev/null
	busywait 5000 eval '! kill -0 '"$MON_PID"' 2>/dev/null'
	MON_PID=
}

monitor_counts() {
	[ -s "$ART/monitor.jsonl" ] || { echo "0 0"; return; }
	awk '/"event":"state"/ { s++ } /"event":"vc"/ { v++ } END { print s + 0, v + 0 }' "$ART/monitor.jsonl"
}

# trace_counts FROM_LINE: "state vc updown" events after FROM_LINE.
trace_counts() {
	tail -n +"$(($1 + 1))" "$ART/trace.log" |
		awk '/iavf_vlan_state:/ { s++ } /iavf_vlan_vc:/ { v++ } /iavf_updown:/ { u++ }
		     END { print s + 0, v + 0, u + 0 }'
}

# ---- audit ----

# vlan_dev_vids SLOT: VIDs of the VLAN devices on top of the VF.
vlan_dev_vids() {
	ip -n "${VF_NS[$1]}" -d -o link show 2>/dev/null |
		awk -v d="@${VF_DEV[$1]}:" '$0 ~ d && / vlan protocol / {
			for (i = 1; i <= NF; i++) if ($i == "id") print $(i + 1) }' | sort -n |
		tr '\n' ' ' | sed 's/ $//'
}

# trace_audit SLOT: our own audit from the driver's view; prints findings.
trace_audit() {
	local slot=$1 filters dev_vids pf_vids act count n rc

	filters=$(drv_filters "$slot")
	dev_vids=" $(vlan_dev_vids "$slot") "
	printf '%s\n' "$filters" | awk -v s="${VF_DEV[$slot]}" -v re="$TRANSIENT_RE" '
		$2 ~ re { print "stuck: " s " vid " $1 " in " $2 }'
	while read -r vid state; do
		[ -n "$vid" ] || continue
		case "$dev_vids" in
		*" $vid "*) ;;
		*) echo "leaked: ${VF_DEV[$slot]} vid $vid ($state) has no VLAN device" ;;
		esac
	done <<<"$filters"
	for vid in $dev_vids; do
		[ "$vid" = 0 ] && continue
		printf '%s\n' "$filters" | awk '{ print $1 }' | grep -qx "$vid" ||
			echo "lost: ${VF_DEV[$slot]} VLAN device for vid $vid has no driver filter"
	done
	n=$(printf '%s\n' "$filters" | grep -c .)
	count=$(drv_count "$slot")
	if [ -n "$count" ] && [ "$count" != "$n" ]; then
		echo "counter drift: ${VF_DEV[$slot]} num_vlan_filters=$count, $n filters on the list"
	fi
	pf_vids=$(pf_dump_vlans "$slot"); rc=$?
	if [ "$rc" = 0 ]; then
		act=$(drv_active_vids "$slot")
		[ "$act" = "$pf_vids" ] ||
			echo "pf drift: ${VF_DEV[$slot]} driver ACTIVE [$act], PF holds [$pf_vids]"
	fi
}

drv_view_clean() {
	state_refresh && [ -z "$(trace_audit 0; trace_audit 1)" ]
}

# audit_after_case: wait until the VFs are quiet, then audit; fails the
# case on any finding. Prints "# audit: ..." diagnostics.
audit_after_case() {
	local slot findings out rc

	if [ -z "$DRV_VIEW" ]; then
		diag "audit(driver view): skipped: $DRV_WHY"
	else
		for slot in 0 1; do
			busywait "${STUCK_MS:-10000}" drv_quiet "$slot"
		done
		# The monitor's view lags the driver by up to a watchdog period:
		# only what persists is a finding.
		[ "$DRV_VIEW" = monitor ] && busywait "${STUCK_MS:-10000}" drv_view_clean
		state_refresh
		findings=$(for slot in 0 1; do trace_audit "$slot"; done)
		if [ -n "$findings" ]; then
			while IFS= read -r f; do fail "audit($DRV_VIEW): $f"; done <<<"$findings"
		else
			diag "audit($DRV_VIEW): clean (devices, driver list, PF list agree; nothing stuck)"
		fi
		[ "$DRV_VIEW" != trace ] || [ "$(trace_overruns)" = 0 ] ||
			diag "audit(trace): $(trace_overruns) events overran the trace buffer"
	fi
	if [ -z "$IVT" ]; then
		diag "audit(iavf-vlantrace): skipped: $IVT_WHY"
		return
	fi
	out=$("$IVT" audit -j 2>&1); rc=$?
	case "$rc" in
	0) diag "audit(iavf-vlantrace): clean" ;;
	1) ivt_fail_findings "audit(iavf-vlantrace)" "$out" ;;
	*) diag "audit(iavf-vlantrace): could not run (exit $rc): $(printf '%s' "$out" | tail -n 3)" ;;
	esac
}

# ivt_findings: `iavf-vlantrace audit -j` on stdin, one line per finding:
# "KIND DEV vid VID (STATE): DETAIL".
ivt_findings() {
	sed -n 's/.*"findings":\[\(.*\)\].*/\1/p' | sed 's/},{/}\n{/g' | awk '
		function j(k,   m) { if (match($0, "\"" k "\":(\"[^\"]*\"|-?[0-9]+)")) {
			m = substr($0, RSTART, RLENGTH); sub(/^"[^"]*":/, "", m); gsub(/"/, "", m); return m } return "" }
		/"kind"/ { printf "%s %s vid %s (%s): %s\n", j("kind"), j("dev"), j("vid"), j("state"), j("detail") }'
}

# ivt_fail_findings LABEL JSON: fail the case once per finding (with the
# whole answer when no finding could be read from it).
ivt_fail_findings() {
	local f found=0

	while IFS= read -r f; do
		[ -n "$f" ] || continue
		fail "$1: $f"
		found=1
	done < <(ivt_findings <<<"$2")
	[ "$found" = 1 ] || fail "$1 found: $2"
}

# audit_now: the audit while a case still holds its state (before its
# cleanup deletes the VLAN devices): the tool's findings fail the case.
audit_now() {
	local out rc

	[ -n "$IVT" ] || { diag "audit(iavf-vlantrace): skipped: $IVT_WHY"; return 0; }
	out=$("$IVT" audit -j 2>&1); rc=$?
	case "$rc" in
	0) diag "audit(iavf-vlantrace) now: clean" ;;
	1) ivt_fail_findings "audit(iavf-vlantrace) now" "$out" ;;
	*) diag "audit(iavf-vlantrace) now: could not run (exit $rc): $(printf '%s' "$out" | tail -n 3)" ;;
	esac
}

# ---- dmesg ----

DMESG_BAD_RE='NETDEV WATCHDOG|transmit queue [0-9]+ timed out|WARNING:|BUG:|Oops|Call Trace|rcu_sched self-detected stall|rcu: INFO|stall on CPU|soft lockup|hung_task|blocked for more than|general protection|kernel BUG'
