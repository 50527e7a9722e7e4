# SPDX-License-Identifier: GPL-2.0
#
# The audit after every case. The judge is `iavf-vlantrace audit -j`
# (stuck, leaked, lost filters, counter drift: the driver's list against
# the VLAN devices, under the rules of the driver's generation); its
# findings fail the case, one "FAIL:" line each. The suite adds only what
# the tool cannot see: the PF's own list (lab: pfctl), checked against the
# driver's ACTIVE filters of the monitor's view ("pf drift").
# Sourced; needs lib.sh, pf.sh and monitor.sh.

# vlan_dev_vids SLOT: VIDs of the VLAN devices on top of the VF.
vlan_dev_vids() {
	ip -n "${VF_NS[$1]}" -d -o link show 2>/dev/null |
		awk -v d="@${VF_DEV[$1]}:" '$0 ~ d && / vlan protocol / {
			for (i = 1; i <= NF; i++) if ($i == "id") print $(i + 1) }' | sort -n |
		tr '\n' ' ' | sed 's/ $//'
}

# ---- the tool ----

# ivt_findings: `iavf-vlantrace audit -j` on stdin, one line per finding:
# "KIND DEV vid VID (STATE): DETAIL".
ivt_findings() {
	sed -n 's/.*"findings":\[\(.*\)\].*/\1/p' | sed 's/},{/}\n{/g' |
		awk "$MON_AWK_JSON"'
		/"kind"/ { printf "%s %s vid %s (%s): %s\n", jget("kind"), jget("dev"), jget("vid"), jget("state"), jget("detail") }'
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

# ivt_audit LABEL: the tool's audit; findings fail the case.
ivt_audit() {
	local out rc

	if [ -z "$IVT" ]; then
		diag "audit(iavf-vlantrace): skipped: $IVT_WHY"
		return 0
	fi
	out=$("$IVT" audit -j 2>&1); rc=$?
	case "$rc" in
	0) diag "$1: clean" ;;
	1) ivt_fail_findings "$1" "$out" ;;
	*) diag "$1: could not run (exit $rc): $(printf '%s' "$out" | tail -n 3)" ;;
	esac
}

# audit_now: the audit while a case still holds its state (before its
# cleanup deletes the VLAN devices).
audit_now() {
	ivt_audit "audit(iavf-vlantrace) now"
}

# ---- the PF's list, against the driver view ----

# pf_drift SLOT: the finding when the driver's ACTIVE filters are not the
# PF's list; status 4 when the PF back end cannot show its list.
pf_drift() {
	local pf act rc

	pf=$(pf_dump_vlans "$1"); rc=$?
	[ "$rc" = 0 ] || return "$rc"
	act=$(drv_active_vids "$1")
	[ "$act" = "$pf" ] || echo "pf drift: ${VF_DEV[$1]} driver ACTIVE [$act], PF holds [$pf]"
}

pf_agree() {
	state_refresh && [ -z "$(pf_drift 0; pf_drift 1)" ]
}

# audit_pf: the PF cross-check, once the view had time to settle (the
# monitor's fentry walks lag the driver by up to a watchdog period).
audit_pf() {
	local f slot

	if [ -z "$DRV_VIEW" ]; then
		diag "audit(driver view): skipped: $DRV_WHY"
		return
	fi
	pf_drift 0 >/dev/null
	if [ $? = 4 ]; then
		diag "audit(pf): skipped: the PF back end does not show its list"
		return
	fi
	for slot in 0 1; do
		busywait "${STUCK_MS:-10000}" drv_quiet "$slot"
	done
	if busywait "${STUCK_MS:-10000}" pf_agree; then
		diag "audit(pf): clean (the driver's ACTIVE filters are the PF's list)"
		return
	fi
	while IFS= read -r f; do
		[ -n "$f" ] && fail "audit(pf): $f"
	done < <(pf_drift 0; pf_drift 1)
}

# audit_after_case: both audits; any finding fails the case.
audit_after_case() {
	audit_pf
	[ "$TRACE_OK" != 1 ] || [ "$(trace_overruns)" = 0 ] ||
		diag "trace: $(trace_overruns) events overran the trace buffer"
	ivt_audit "audit(iavf-vlantrace)"
}
