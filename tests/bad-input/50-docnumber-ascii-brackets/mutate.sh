# ASCII brackets around the year: GB/T 9704 wants 〔〕, and the message gives the fixed number.
sed -i 's|^docnumber = .*|docnumber = 松中委[2024]8号|' "$RUNINI"
