# A word the key does not know was read as the default (run); now it is refused.
sed -i '/^\[grades.area\]/a periods = every' ../rules.ini
