# Texts of content/customer-harassment/policy.toml (Japanese, the source language).
# Naming: definition-<id>, example-<id> (.notice = label on the store notice),
# example-group-<id>, response-group-<id>, response-<id>, note-<id>.

definition-mhlw-2022 = 顧客等からのクレーム・言動のうち、当該クレーム・言動の要求の内容の妥当性に照らして、当該要求を実現するための手段・態様が社会通念上不相当なものであって、当該手段・態様により、労働者の就業環境が害されるもの
    .issuer = 厚生労働省
    .title = カスタマーハラスメント対策企業マニュアル

note-not-exhaustive = ※以下の記載は例示であり、これらに限るものではありません。
note-catch-all = ※上記に該当しない場合でも、社会通念上不適切と認められる行為については、同様の対応をとる場合があります。

example-refund-demands = 当社の規約等を超える返金・返品・補償等の執拗な要求
    .notice = 規約を超える返金・補償の執拗な要求
example-unfounded-demands = 当社の商品・サービスに過失や瑕疵が認められない場合の、不当・過剰な要求
    .notice = 根拠のない不当・過剰な要求
example-unrelated-products = 当社と関係のない商品・サービス（他社販売品、ネットオークション経由の購入品等）に対する対応の要求
example-violence = 暴力、傷害、器物損壊等（殴る、蹴る、備品を壊す等）
    .notice = 暴力・器物の損壊
example-verbal-abuse = 暴言、脅迫、威圧的な言動、大声、人格の否定、誹謗中傷、名誉やプライバシーを侵害する行為
    .notice = 暴言・脅迫・威圧的な言動
example-forced-dogeza = 土下座の強要、解雇・異動等の要求
    .notice = 土下座の強要
example-sexual-harassment = セクシュアルハラスメント（不適切な接触、性的な言動、つきまとい、待ち伏せ、盗撮等）
    .notice = セクハラ・つきまとい
example-obstruction = 業務に支障をきたす電話、店舗での長時間の拘束・居座り、同様の要求の執拗な繰り返し
    .notice = 長時間の拘束・居座り
example-off-hours = 休日や営業時間外の対応の要求、事業所以外の場所への訪問の要求
example-online-defamation = SNSやインターネット上での誹謗中傷、従業員の個人情報・画像・音声等の無断公開、同意のない録音・撮影等
    .notice = 無断での撮影・SNSへの投稿
example-damaging-credibility = 当社の信用を毀損する行為、業務を妨害する行為
example-disturbing-others = 他のお客様の迷惑となる行為
    .notice = 他のお客様への迷惑行為

response-group-in-house = 社内での対応
response-information = 従業員に対し、カスタマーハラスメントに関する情報提供を行います。
response-reporting-system = カスタマーハラスメントが発生した際に、速やかに報告・相談できる体制を整備しています。

response-group-external = 社外への対応
response-resolute-response = カスタマーハラスメントに該当する行為を確認した場合には、お客様に対して誠意をもって対応しつつ、組織として毅然とした対応を行います。
response-refuse-service = 状況に応じて、対応を打ち切り、以後のご来店やサービスのご利用をお断りする場合があります。
response-legal-measures = 悪質な場合には、警察や弁護士等の専門機関と連携し、法的措置を含めて厳正に対処します。

# The printed store notice (notices/customer-harassment/…): headline, then .lead above the
# labels (each example's .notice), .stance and .request. `|` pins a line-break point.
notice-customer-harassment = カスタマーハラスメントには|毅然と対応します
    .lead = 次のような行為は、お断りします
    .stance = これらの行為があった場合は、対応を打ち切り、ご来店やサービスのご利用をお断りすることがあります。悪質な場合は、警察や弁護士に相談します。
    .request = 従業員が安心して働ける環境づくりに、ご理解とご協力をお願いいたします。
