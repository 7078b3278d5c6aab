# UI strings of the default theme (Traditional Chinese).
language-name = 繁體中文
skip-link = 跳到主要內容
language-switcher-label = 切換語言
nav-label = 頁面導覽
nav-home = 返回方針列表
date-enacted = 制定日期
date-effective = 生效日期
date-made-known = 公告日期
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
notice-index-all-locations = 所有門市

# The page served for an address that does not exist (404.html).
not-found-title = 找不到頁面
not-found-body = 您要尋找的頁面可能已移動或刪除。請從方針列表中尋找。
not-found-home = 前往方針列表

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
# $label: a contact label (contact-phone…) with this language's separator: 電話：03-…
contact-label = { $label }：
contact-department = 負責部門
contact-hours = 受理時間
# $reading: a glossary term's reading, shown after the term.
glossary-reading = （{ $reading }）

# Notices index
# 供門市使用的告示頁面（notices/zh-Hant/、notices/zh-Hant/<門市>/）。notice-index-use-a3、-a4、-a5：各紙張尺寸的用途。
notice-index-lead = 這裡彙整了可在店內張貼的告示，可直接列印。每種語言版本皆有下列紙張尺寸，開啟告示即可列印。
notice-index-find-store = 查看各門市的告示
notice-index-store-lead = 本門市的告示印有門市名稱，以及已登記的營業時間與電話號碼。
notice-index-back = 返回所有可列印告示
notice-index-sizes-heading = 紙張尺寸與張貼位置
notice-index-use-a4 = 放在櫃檯或收銀台旁。
notice-index-use-a3 = 作為海報張貼在入口或牆上。
notice-index-use-a5 = 作為卡片放在桌上或收銀台旁。
notice-index-print-heading = 列印方式
notice-index-print-scale = 縮放比例設為100%（實際大小），請勿選擇「配合頁面大小」。
notice-index-print-margins = 邊界維持「預設」，請勿另外增加（告示本身已留有邊界）；關閉頁首與頁尾。
notice-index-print-one = 每份告示印在一張紙上。若預覽出現第二頁，請檢查紙張尺寸與縮放比例。
notice-index-print-pdf = 建議使用PDF：無論用哪台電腦列印，效果都相同。委託印刷廠時，請使用依紙張尺寸彙整所有語言版本的PDF。
notice-index-print-browser = 開啟告示，使用瀏覽器的列印功能，依所示的紙張尺寸列印。
notice-index-bundles = 供印刷廠使用（所有語言版本合為一個PDF，每頁一張）：
notice-index-none = 目前沒有告示。
notice-index-stores-heading = 各門市的告示
notice-index-stores-lead = 每家門市都有印有該門市名稱的告示。請選擇您的門市：

# Pages
# $lang：所連結文件的語言（與本頁不同時）。
link-language = { $lang ->
    [ja] （日語）
    [en] （英語）
    [zh-Hans] （簡體中文）
    [zh-Hant] （繁體中文）
    [ko] （韓語）
   *[other] （{ $lang }）
}
