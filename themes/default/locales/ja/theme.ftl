# UI strings of the default theme (Japanese).
language-name = 日本語
skip-link = 本文へ移動
language-switcher-label = 言語の切り替え
nav-label = ページ内のナビゲーション
nav-home = 方針の一覧へ戻る
date-enacted = 制定日
date-effective = 施行日
date-made-known = 周知日
date-revised = 改定日
revisions-heading = 改定履歴
revisions-date = 日付
revisions-summary = 内容
# $issuer, $title, $year: the cited document.
citation = { $issuer }「{ $title }」（{ $year }年）
citation-undated = { $issuer }「{ $title }」
contact-title = お問い合わせ
contact-body = 本方針に関するお問い合わせは、下記までご連絡ください。
contact-phone = 電話
contact-email = メール
contact-form = お問い合わせフォーム
# Printed store notices and their index (notices/ja/).
notice-full-policy = 方針の全文はこちら
notice-all-languages = 方針の全文（各言語）はこちら
notice-hours = 営業時間
notice-phone = ご相談窓口
notice-index-title = 店頭掲示用のお知らせ
notice-index-all-locations = 全店共通

# The page served for an address that does not exist (404.html).
not-found-title = ページが見つかりません
not-found-body = お探しのページは移動したか、削除された可能性があります。方針の一覧からお探しください。
not-found-home = 方針の一覧へ

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
contact-department = 担当部署
contact-hours = 受付時間
# $reading: a glossary term's reading, shown after the term.
glossary-reading = （{ $reading }）

# Notices index
# 店舗向けのお知らせページ（notices/ja/、notices/ja/<店舗>/）。notice-index-use-a3、-a4、-a5：各用紙サイズの用途。
notice-index-lead = 店頭に掲示するお知らせを、そのまま印刷できる形でまとめています。各言語版に下記の用紙サイズがあります。お知らせを開いて印刷してください。
notice-index-find-store = 各店舗のお知らせを探す
notice-index-store-lead = この店舗のお知らせには、店舗名と、登録されている場合は営業時間・電話番号が入っています。
notice-index-back = 印刷用お知らせの一覧へ
notice-index-sizes-heading = 用紙サイズと掲示場所
notice-index-use-a4 = カウンターやレジ周りに。
notice-index-use-a3 = 入口や壁に貼るポスターとして。
notice-index-use-a5 = テーブルやレジ横に置くカードとして。
notice-index-print-heading = 印刷のしかた
notice-index-print-scale = 倍率は100％（実際のサイズ）にし、「用紙に合わせる」は使わないでください。
notice-index-print-margins = 余白は「デフォルト（既定）」のままにし、追加しないでください（お知らせ自体に余白があります）。ヘッダーとフッターはオフにしてください。
notice-index-print-one = お知らせ1枚は用紙1枚に収まります。プレビューに2ページ目が出る場合は、用紙サイズと倍率を確認してください。
notice-index-print-pdf = どのパソコンから印刷しても同じ仕上がりになるPDFがおすすめです。印刷会社に依頼する場合は、用紙サイズごとに全言語版をまとめたPDFをご利用ください。
notice-index-print-browser = お知らせを開き、ブラウザーの印刷機能で、表示されている用紙サイズに印刷してください。
notice-index-bundles = 印刷会社向け（全言語版を1つのPDFに、1ページに1枚）：
notice-index-none = お知らせはまだありません。
notice-index-stores-heading = 店舗別のお知らせ
notice-index-stores-lead = 店舗ごとに、店舗名入りのお知らせがあります。店舗を選んでください。

# Pages
# $lang: the language of a linked document that is not this page's (a definition's citation);
# the marker stands right after the link.
link-language = { $lang ->
    [ja] （日本語）
    [en] （英語）
    [zh-Hans] （簡体字中国語）
    [zh-Hant] （繁体字中国語）
    [ko] （韓国語）
   *[other] （{ $lang }）
}
