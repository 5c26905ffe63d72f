# random_hetang.sh - differential test against the independent oracle on random data folders.
. "$(dirname "$0")/../lib.sh"
random_differential hetang hetang-2013 "${KP_RANDOM_SEEDS:-15}"
