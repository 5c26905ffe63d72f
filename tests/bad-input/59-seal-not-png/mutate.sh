# A seal image that is not a PNG (a JPEG renamed, here text): refused by check at its line.
echo 'not an image' >../seal.png
echo "seal = $(cd .. && pwd)/seal.png" >>"$RUNINI"
