printf '[indicater.extra]\nkind = area\n' >> ../rules.ini
