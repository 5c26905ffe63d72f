# [run] history names a folder that is not there.
sed -i "s|^\\[run\\]|[run]\\nhistory = $PWD/../earlier|" "$RUNINI"
