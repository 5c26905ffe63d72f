# random_guangfudao.sh - differential test against the independent oracle on random data folders.
. "$(dirname "$0")/../lib.sh"
random_differential guangfudao guangfudao-2015 "${KP_RANDOM_SEEDS:-30}"
