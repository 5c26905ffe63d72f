# random_xiangning.sh - differential test against the independent oracle on random data folders.
. "$(dirname "$0")/../lib.sh"
random_differential xiangning xiangning-2023 "${KP_RANDOM_SEEDS:-20}"
