# A condition naming no placeholder is never true: refused at load, with the layout's line.
sed -i 's|<para role="body" size="16" if="note">{note}</para>|<para role="body" size="16" if="ntoe">{note}</para>|' ../layouts/ranking.xml
