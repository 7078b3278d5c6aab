# UI strings of the default theme (Simplified Chinese).
language-name = 简体中文
skip-link = 跳到主要内容
language-switcher-label = 切换语言
nav-label = 页面导航
nav-home = 返回方针列表
date-enacted = 制定日期
date-effective = 生效日期
date-made-known = 公布日期
date-revised = 修订日期
revisions-heading = 修订记录
revisions-date = 日期
revisions-summary = 修订内容
# $issuer, $title, $year: the cited document.
citation = { $issuer }《{ $title }》（{ $year }年）
citation-undated = { $issuer }《{ $title }》
contact-title = 联系我们
contact-body = 如对本方针有任何疑问，请通过以下方式与我们联系。
contact-phone = 电话
contact-email = 电子邮件
contact-form = 联系表单
# Printed store notices and their index (notices/zh-Hans.html).
notice-full-policy = 查看方针全文
notice-all-languages = 方针全文（多种语言）
notice-hours = 营业时间
notice-phone = 咨询电话
notice-index-title = 店内张贴告示
notice-index-intro = 请打开告示，使用浏览器的打印功能，按表中所示的纸张尺寸打印。每份告示均可打印在一张纸上。
notice-index-all-locations = 所有门店
notice-index-language = 语言

# The page served for an address that does not exist (404.html).
not-found-title = 找不到页面
not-found-body = 您要查找的页面可能已移动或删除。请从方针列表中查找。
not-found-home = 前往方针列表
