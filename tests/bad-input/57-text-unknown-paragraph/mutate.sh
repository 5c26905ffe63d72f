# A paragraph key that names no paragraph: the layout's own text would stay in place unnoticed.
echo 'text.warning.leed = 本期预警事项如下：' >>"$RUNINI"
