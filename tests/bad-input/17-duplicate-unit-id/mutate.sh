echo 'A,又一个,居民区,街道' >> units.csv
