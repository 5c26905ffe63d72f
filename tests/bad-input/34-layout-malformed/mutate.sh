sed -i 's|</layout>||' ../layouts/ranking.xml
