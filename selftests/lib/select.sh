# SPDX-License-Identifier: GPL-2.0
#
# Case table lookups and selection. Each group's file appends its cases to
# CASES, one entry per case: "NUMBER|GROUP|FUNCTION|NAME" (NAME is the
# reference suite's); cases_done then lists the functions in order in
# ALL_TESTS. CASES_EXTRA holds cases outside the suite (selectable by
# group, number or function name, never by default).

CASES=()
CASES_EXTRA=()
ALL_TESTS=()

# cases_done: ALL_TESTS from CASES, once every group's file is sourced.
cases_done() {
	local e f

	ALL_TESTS=()
	for e in "${CASES[@]}"; do
		IFS='|' read -r _ _ f _ <<<"$e"
		ALL_TESTS+=("$f")
	done
}

case_field() {
	local fn=$1 field=$2 e

	for e in "${CASES[@]}" "${CASES_EXTRA[@]}"; do
		IFS='|' read -r num group f name <<<"$e"
		if [ "$f" = "$fn" ]; then
			case "$field" in
			num) echo "$num" ;;
			group) echo "$group" ;;
			name) echo "$name" ;;
			esac
			return 0
		fi
	done
	return 1
}

case_name() { case_field "$1" name; }
case_number() { case_field "$1" num; }
case_group() { case_field "$1" group; }

list_cases() {
	local e num group f name

	for e in "${CASES[@]}"; do
		IFS='|' read -r num group f name <<<"$e"
		printf '%2d  %-6s %-28s %s\n' "$num" "$group" "$f" "$name"
	done
}

# split_tests STRING: selectors, one a line. Commas separate; without a
# comma, white space separates when every word is a group, number, range
# or function name (so TESTS="state dmesg" works), else it is one name.
split_tests() {
	local s=$1 w all=1 parts

	if [[ "$s" == *,* ]]; then
		IFS=',' read -r -a parts <<<"$s"
		for w in "${parts[@]}"; do
			w=$(echo "$w" | sed 's/^[[:space:]]*//; s/[[:space:]]*$//')
			[ -n "$w" ] && echo "$w"
		done
		return 0
	fi
	for w in $s; do
		selector_is_word "$w" || all=0
	done
	if [ "$all" = 1 ]; then
		for w in $s; do echo "$w"; done
	else
		echo "$s"
	fi
}

selector_is_word() {
	local e num group f name

	[[ "$1" =~ ^[0-9]+(-[0-9]+)?$ ]] && return 0
	for e in "${CASES[@]}" "${CASES_EXTRA[@]}"; do
		IFS='|' read -r num group f name <<<"$e"
		[ "$1" = "$group" ] || [ "$1" = "$f" ] && return 0
	done
	return 1
}

# select_cases SELECTOR...: the matching functions, in suite order, each
# once. An unknown selector is an error (a typo must not run nothing).
select_cases() {
	local e num group f name s lo hi hit
	local -A want=()

	if [ $# -eq 0 ]; then
		printf '%s\n' "${ALL_TESTS[@]}"
		return 0
	fi
	for s in "$@"; do
		hit=0
		for e in "${CASES[@]}" "${CASES_EXTRA[@]}"; do
			IFS='|' read -r num group f name <<<"$e"
			if [[ "$s" =~ ^([0-9]+)-([0-9]+)$ ]]; then
				lo=${BASH_REMATCH[1]} hi=${BASH_REMATCH[2]}
				[ "$num" -ge "$lo" ] && [ "$num" -le "$hi" ] || continue
			elif [[ "$s" =~ ^[0-9]+$ ]]; then
				[ "$num" = "$s" ] || continue
			elif [ "$num" = 0 ] && [ "$s" != "$group" ] && [ "$s" != "$f" ]; then
				continue
			elif [ "$s" != "$group" ] && [ "$s" != "$f" ] && [ "$s" != "$name" ]; then
				continue
			fi
			want[$f]=1
			hit=1
		done
		if [ "$hit" = 0 ]; then
			echo "no case matches '$s' (see -l)" >&2
			return 1
		fi
	done
	for e in "${CASES[@]}" "${CASES_EXTRA[@]}"; do
		IFS='|' read -r num group f name <<<"$e"
		[ -n "${want[$f]:-}" ] && echo "$f"
	done
	return 0
}
