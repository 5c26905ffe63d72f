sed -i 's/^优秀 = top 20%/优秀 = top 120%/' ../rules.ini
