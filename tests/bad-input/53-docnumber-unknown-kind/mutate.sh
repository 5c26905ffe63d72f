# A per-document number for a kind the rule set lacks: run refused it, check passed it.
printf 'docnumber.ranking-wrker = 测委〔2024〕2号\n' >> "$RUNINI"
