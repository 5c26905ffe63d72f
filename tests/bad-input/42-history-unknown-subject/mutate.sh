printf 'period,subject,grade\n2022,NOPE,优秀\n' > history.csv
