# SPDX-License-Identifier: MIT
# Shared by the lint checks' own tests (sourced): judge one run of a check.
# judge <name> <exit wanted> <exit got> <output> [text the output must hold]; counts failures.
failures=0
judge()
{
    if [ "$3" -ne "$2" ]; then
        echo "FAIL $1: exit $3, expected $2"
        echo "$4"
        failures=$((failures + 1))
    elif [ -n "${5:-}" ] && ! printf '%s' "$4" | grep -qF -- "$5"; then
        echo "FAIL $1: output lacks '$5'"
        echo "$4"
        failures=$((failures + 1))
    else
        echo "ok $1"
    fi
}
