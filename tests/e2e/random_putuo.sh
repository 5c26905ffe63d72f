# random_putuo.sh - differential test against the independent oracle on random data folders.
. "$(dirname "$0")/../lib.sh"
random_differential putuo putuo-2017 "${KP_RANDOM_SEEDS:-20}"
