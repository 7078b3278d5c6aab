# UI strings of the default theme (Traditional Chinese).
language-name = 繁體中文
skip-link = 跳到主要內容
language-switcher-label = 切換語言
nav-label = 頁面導覽
nav-home = 返回方針列表
date-enacted = 制定日期
date-effective = 生效日期
date-made-known = 公布日期
date-revised = 修訂日期
revisions-heading = 修訂紀錄
revisions-date = 日期
revisions-summary = 修訂內容
# $issuer, $title, $year: the cited document.
citation = { $issuer }《{ $title }》（{ $year }年）
citation-undated = { $issuer }《{ $title }》
contact-title = 聯絡我們
contact-body = 如對本方針有任何疑問，請透過以下方式與我們聯絡。
contact-phone = 電話
contact-email = 電子郵件
contact-form = 聯絡表單
# Printed store notices and their index (notices/zh-Hant.html).
notice-full-policy = 查看方針全文
notice-all-languages = 方針全文（多種語言）
notice-hours = 營業時間
notice-phone = 諮詢電話
notice-index-title = 店內張貼告示
notice-index-intro = 請開啟告示，使用瀏覽器的列印功能，依表中所示的紙張尺寸列印。每份告示皆可印在一張紙上。
notice-index-all-locations = 所有門市
notice-index-language = 語言

# The page served for an address that does not exist (404.html).
not-found-title = 找不到頁面
not-found-body = 您要尋找的頁面可能已移動或刪除。請從方針列表中尋找。
not-found-home = 前往方針列表
