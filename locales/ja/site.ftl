# The site's own UI text (Japanese, the source language).
site-title = 株式会社貴和製作所の方針
site-description = 株式会社貴和製作所がお客様に向けて定めている方針です。
organisation-name = 株式会社貴和製作所
