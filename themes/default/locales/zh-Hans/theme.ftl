# UI strings of the default theme (Simplified Chinese).
language-name = 简体中文
skip-link = 跳到主要内容
language-switcher-label = 切换语言
nav-label = 页面导航
nav-home = 返回方针列表
date-enacted = 制定日期
date-effective = 生效日期
date-made-known = 公告日期
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
notice-index-all-locations = 所有门店

# The page served for an address that does not exist (404.html).
not-found-title = 找不到页面
not-found-body = 您要查找的页面可能已移动或删除。请从方针列表中查找。
not-found-home = 前往方针列表

# Lists
# Examples shown run in after their label ("Label: a; b"): between the label and the first
# example, and between two examples.
list-run-in-label-separator = ：
list-run-in-item-separator = 、
# Before a definition's citation shown as a note (`citation = "note"`).
citation-note-mark = ※

# Signature, contact, glossary
# $title, $name: who signs the policy (`signature-<id>.title`, `signature-<id>`).
signature-line = { $title }　{ $name }
# $label: a contact label (contact-phone…) with this language's separator: 电话：03-…
contact-label = { $label }：
contact-department = 负责部门
contact-hours = 受理时间
# $reading: a glossary term's reading, shown after the term.
glossary-reading = （{ $reading }）

# Notices index
# 面向门店的告示页面（notices/zh-Hans/、notices/zh-Hans/<门店>/）。notice-index-use-a3、-a4、-a5：各纸张尺寸的用途。
notice-index-lead = 这里汇总了可在店内张贴的告示，可直接打印。每种语言版本都有下列纸张尺寸，打开告示即可打印。
notice-index-find-store = 查找各门店的告示
notice-index-store-lead = 本门店的告示印有门店名称，以及已登记的营业时间和电话号码。
notice-index-back = 返回全部可打印告示
notice-index-sizes-heading = 纸张尺寸与张贴位置
notice-index-use-a4 = 放在柜台或收银台旁。
notice-index-use-a3 = 作为海报张贴在入口或墙上。
notice-index-use-a5 = 作为卡片放在桌上或收银台旁。
notice-index-print-heading = 打印方法
notice-index-print-scale = 缩放比例设为100%（实际大小），不要选择“适合页面”。
notice-index-print-margins = 页边距保持“默认”，不要另外添加（告示本身已留有边距）；关闭页眉和页脚。
notice-index-print-one = 每份告示打印在一张纸上。如果预览出现第二页，请检查纸张尺寸和缩放比例。
notice-index-print-pdf = 建议使用PDF：无论用哪台电脑打印，效果都相同。委托印刷厂时，请使用按纸张尺寸汇总了所有语言版本的PDF。
notice-index-print-browser = 打开告示，使用浏览器的打印功能，按所示的纸张尺寸打印。
notice-index-bundles = 供印刷厂使用（所有语言版本合为一个PDF，每页一张）：
notice-index-none = 暂无告示。
notice-index-stores-heading = 各门店的告示
notice-index-stores-lead = 每家门店都有印有本店名称的告示。请选择您的门店：

# Pages
# $lang：所链接文档的语言（与本页不同时）。
link-language = { $lang ->
    [ja] （日语）
    [en] （英语）
    [zh-Hans] （简体中文）
    [zh-Hant] （繁体中文）
    [ko] （韩语）
   *[other] （{ $lang }）
}
