# A placeholder typo would print nothing: refused at load, with the layout's line.
sed -i 's|<field label="名称">{name}</field>|<field label="名称">{nmae}</field>|' ../layouts/packet.xml
