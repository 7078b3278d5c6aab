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
notice-index-intro = お知らせを開き、ブラウザーの印刷機能で、表の用紙サイズに合わせて印刷してください。各お知らせは1枚に収まります。
notice-index-all-locations = 全店共通
notice-index-language = 言語

# The page served for an address that does not exist (404.html).
not-found-title = ページが見つかりません
not-found-body = お探しのページは移動したか、削除された可能性があります。方針の一覧からお探しください。
not-found-home = 方針の一覧へ
