# A placeholder misspelt in a run's paragraph: it would print nothing where names belong.
echo 'text.warning.lead = 本期预警涉及{warned_nmaes}：' >>"$RUNINI"
