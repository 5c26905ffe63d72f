# Full-width round brackets in one document's own number.
printf 'docnumber.warning = 松中委（2024）9号\n' >> "$RUNINI"
