sed -i 's|color="#E60012" width|color="red" width|' ../layouts/ranking.xml
