# SPDX-License-Identifier: GPL-2.0
#
# The driver view: what the driver did, from `iavf-vlantrace monitor -j`
# (one JSON object a line in $ART/monitor.jsonl, for the whole run). On a
# traced iavf the monitor attaches to the tracepoints (tp_btf, raw_tp) and
# every object carries the event's fields (the driver's reason, resets);
# on a stock iavf it walks the driver's list (fentry) and reports what
# changed. Either way the last "state" object per (PCI function, VID) is
# the driver's filter list, in the driver's own state names.
# Sourced; needs lib.sh and trace.sh.

MON_PID=
IVT=${IVT:-}
IVT_WHY=
DRV_VIEW=
DRV_WHY="not started"
# 1: the monitor reads the tracepoints (every transition, with its reason).
VIEW_TP=0
# 1: before the view is read, the monitor must have printed as many state
# events as the tracepoints counted (trace.sh), plus MON_BASE.
VIEW_SYNC=0
MON_BASE=0
SYNC_MS=${SYNC_MS:-10000}
STATE_DB=
# Filter states that mean "waiting for something" (fixed and unfixed
# machines; DISABLE and INACTIVE are normal only while the link is down).
TRANSIENT_RE='^(ADD|ADDING|REMOVE|REMOVING|IS_NEW|DISABLE|INACTIVE)$'

# The monitor's objects are flat: a field is "KEY":"STRING" or "KEY":NUMBER.
# shellcheck disable=SC2016
MON_AWK_JSON='
function jget(k,   m) {
	if (!match($0, "\"" k "\":(\"[^\"]*\"|-?[0-9]+)")) return ""
	m = substr($0, RSTART, RLENGTH); sub(/^"[^"]*":/, "", m); gsub(/"/, "", m); return m
}'


# ---- the CLI and its monitor ----

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
	# It is up once it announced its mode (after attach) and stays alive;
	# fentry attach took over 20 s in a TCG guest on a loaded host.
	busywait 60000 grep -q " in mode " "$ART/monitor.err"
	if ! monitor_alive; then
		MON_PID=
		return 1
	fi
}

monitor_alive() {
	[ -n "$MON_PID" ] && kill -0 "$MON_PID" 2>/dev/null
}

# monitor_mode: the mode the running monitor attached in (tp_btf, raw_tp,
# fentry), from its announcement.
monitor_mode() {
	sed -n 's/.* in mode \([a-z_]*\).*/\1/p' "$ART/monitor.err" 2>/dev/null | head -1
}

monitor_stop() {
	[ -n "$MON_PID" ] || return 0
	kill -INT "$MON_PID" 2>/dev/null
	busywait 5000 eval '! kill -0 '"$MON_PID"' 2>/dev/null'
	MON_PID=
}

# monitor_counts: "state vc" objects the monitor printed so far.
monitor_counts() {
	[ -s "$ART/monitor.jsonl" ] || { echo "0 0"; return; }
	awk '/"event":"state"/ { s++ } /"event":"vc"/ { v++ } END { print s + 0, v + 0 }' "$ART/monitor.jsonl"
}

monitor_lines() {
	wc -l <"$ART/monitor.jsonl"
}

# monitor_caught_up: the monitor printed every state event the
# tracepoints have (MON_BASE: those before it attached).
monitor_caught_up() {
	local m

	m=$(monitor_counts)
	[ "$((${m% *} + MON_BASE))" -ge "$(trace_state_events)" ]
}

# ---- the driver view ----

# drv_view_select: the view runs on the monitor's objects; with the
# tracepoints as a barrier when the monitor reads them too. False (and
# DRV_WHY) without a monitor.
drv_view_select() {
	if ! monitor_alive; then
		DRV_VIEW=
		VIEW_TP=0
		VIEW_SYNC=0
		DRV_WHY="${IVT_WHY:-no monitor ($(tail -n 1 "$ART/monitor.err" 2>/dev/null))}"
		return 1
	fi
	STATE_DB=$ART/driver_state.db
	: >"$STATE_DB"
	echo 0 >"$STATE_DB.off"
	rm -f "$ART/view.unsynced"
	DRV_VIEW=monitor DRV_WHY=
	case "$(monitor_mode)" in
	tp_btf|raw_tp) VIEW_TP=1 ;;
	*) VIEW_TP=0 ;;
	esac
	VIEW_SYNC=0
	[ "$VIEW_TP" = 1 ] && [ "$TRACE_OK" = 1 ] && view_sync_start
	return 0
}

# view_sync_start: the barrier works once the monitor caught up with the
# tracepoints; events it missed before attaching are counted in MON_BASE.
view_sync_start() {
	local m

	VIEW_SYNC=1
	trace_sync && busywait "$SYNC_MS" monitor_caught_up && return 0
	m=$(monitor_counts)
	MON_BASE=$(($(trace_state_events) - ${m% *}))
	diag "monitor: $MON_BASE state events before it attached"
}

# view_sync: every state event so far is among the monitor's objects
# (within SYNC_MS: a loaded host delays its reads). Once the monitor
# reports lost records it never catches up: the view goes on unsynced
# (said once).
view_sync() {
	[ "$VIEW_SYNC" = 1 ] && [ ! -e "$ART/view.unsynced" ] || return 0
	trace_sync || return 1
	busywait "$SYNC_MS" monitor_caught_up && return 0
	if grep -q '"event":"lost"' "$ART/monitor.jsonl"; then
		: >"$ART/view.unsynced"
		diag "monitor: lost records (ring buffer full): the driver view is no longer synced"
		return 0
	fi
	diag "monitor: behind the tracepoints after $SYNC_MS ms (monitor $(monitor_counts | cut -d' ' -f1) + $MON_BASE, tracepoints $(trace_state_events) state events)"
	return 1
}

# state_refresh: fold the monitor's new state objects into STATE_DB, lines
# of "PCI VID STATE NUM_VLAN_FILTERS" (last object per PCI and VID) and
# "PCI #last NUM" (the VF's last counter).
state_refresh() {
	local off total

	[ -n "$DRV_VIEW" ] && monitor_alive || return 1
	view_sync || return 1
	off=$(cat "$STATE_DB.off")
	total=$(monitor_lines)
	[ "$total" -gt "$off" ] || return 0
	{
		sed 's/^/DB /' "$STATE_DB"
		tail -n +"$((off + 1))" "$ART/monitor.jsonl" | head -n "$((total - off))"
	} | view_fold >"$STATE_DB.new" || return 1
	mv "$STATE_DB.new" "$STATE_DB"
	echo "$total" >"$STATE_DB.off"
}

# view_fold: STATE_DB lines ("DB ...") then monitor objects on stdin; the
# new STATE_DB on stdout.
view_fold() {
	awk "$MON_AWK_JSON"'
		$1 == "DB" { if ($3 == "#last") last[$2] = $4; else { st[$2 " " $3] = $4; num[$2 " " $3] = $5 }; next }
		/"event":"state"/ {
			pci = jget("pci"); vid = jget("vid")
			if (pci == "" || vid == "") next
			st[pci " " vid] = jget("new"); num[pci " " vid] = jget("num_vlan_filters")
			last[pci] = num[pci " " vid]
		}
		END { for (k in st) print k, st[k], num[k]
		      for (p in last) print p, "#last", last[p] }'
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

# ---- events since a mark ----

# mark: a position in the monitor's output, for "has X happened since".
mark() {
	if [ -n "$DRV_VIEW" ]; then
		view_sync >/dev/null 2>&1
		monitor_lines
	else
		echo 0
	fi
}

# mon_since MARK AWK_ARGS...: awk (with jget(): put $MON_AWK_JSON before
# the program) over the objects after MARK; its status.
mon_since() {
	local m=$1

	shift
	view_sync >/dev/null 2>&1
	tail -n +"$((m + 1))" "$ART/monitor.jsonl" | awk "$@"
}

# reset_seen SLOT MARK: the VF's driver finished a reset since MARK.
reset_seen() {
	mon_since "$2" -v p="${VF_PCI[$1]}" "$MON_AWK_JSON"'
		jget("event") == "updown" && jget("pci") == p && jget("phase") == "reset_end" { hit = 1 }
		END { exit !hit }'
}

# transition_seen SLOT MARK VID REASON: a state object with that reason.
transition_seen() {
	mon_since "$2" -v p="${VF_PCI[$1]}" -v v="$3" -v r="$4" "$MON_AWK_JSON"'
		jget("event") == "state" && jget("pci") == p && jget("vid") == v && jget("reason") == r { hit = 1 }
		END { exit !hit }'
}
