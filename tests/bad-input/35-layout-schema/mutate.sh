sed -i 's|<rule color="#E60012"|<rule colour="#E60012"|' ../layouts/ranking.xml
