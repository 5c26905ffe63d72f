sed -i 's/^优秀 = top 20%/优秀 = best 20%/' ../rules.ini
