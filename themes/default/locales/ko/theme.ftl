# UI strings of the default theme (Korean).
language-name = 한국어
skip-link = 본문 바로가기
language-switcher-label = 언어 선택
nav-label = 페이지 탐색
nav-home = 방침 목록으로 돌아가기
date-enacted = 제정일
date-effective = 시행일
date-made-known = 공지일
date-revised = 개정일
revisions-heading = 개정 이력
revisions-date = 일자
revisions-summary = 개정 내용
# $issuer, $title, $year: the cited document.
citation = { $issuer }, 『{ $title }』({ $year }년)
citation-undated = { $issuer }, 『{ $title }』
contact-title = 문의처
contact-body = 본 방침에 관한 문의 사항은 아래 연락처로 연락해 주시기 바랍니다.
contact-phone = 전화
contact-email = 이메일
contact-form = 문의 양식
# Printed store notices and their index (notices/ko.html).
notice-full-policy = 방침 전문 보기
notice-all-languages = 방침 전문 (여러 언어)
notice-hours = 영업시간
notice-phone = 상담 창구
notice-index-title = 매장 게시용 안내문
notice-index-all-locations = 전 매장 공통

# The page served for an address that does not exist (404.html).
not-found-title = 페이지를 찾을 수 없습니다
not-found-body = 찾으시는 페이지가 이동되었거나 삭제되었을 수 있습니다. 방침 목록에서 찾아 주십시오.
not-found-home = 방침 목록으로 이동

# Lists
# Examples shown run in after their label ("Label: a; b"): between the label and the first
# example, and between two examples.
list-run-in-label-separator = {": "}
list-run-in-item-separator = {", "}
# Before a definition's citation shown as a note (`citation = "note"`).
citation-note-mark = 출처:{" "}

# Signature, contact, glossary
# $title, $name: who signs the policy (`signature-<id>.title`, `signature-<id>`).
signature-line = { $title } { $name }
# $label: a contact label (contact-phone…) with this language's separator: 전화: 03-…
contact-label = { $label }:{ " " }
contact-department = 담당 부서
contact-hours = 접수 시간
# $reading: a glossary term's reading, shown after the term.
glossary-reading = { " " }({ $reading })

# Notices index
# 매장 관리자용 안내문 페이지(notices/ko/, notices/ko/<매장>/). notice-index-use-a3, -a4, -a5: 용지 크기별 용도.
notice-index-lead = 매장에 게시할 안내문을 바로 인쇄할 수 있도록 모아 두었습니다. 언어판마다 아래 용지 크기가 있으니 안내문을 열어 인쇄하십시오.
notice-index-find-store = 매장별 안내문 찾기
notice-index-store-lead = 이 매장의 안내문에는 매장 이름과, 등록된 경우 영업시간과 전화번호가 들어 있습니다.
notice-index-back = 인쇄용 안내문 전체 목록
notice-index-sizes-heading = 용지 크기와 게시 위치
notice-index-use-a4 = 카운터나 계산대 주변에.
notice-index-use-a3 = 입구나 벽에 붙이는 포스터로.
notice-index-use-a5 = 테이블이나 계산대 옆에 두는 카드로.
notice-index-print-heading = 인쇄 방법
notice-index-print-scale = 배율은 100%(실제 크기)로 하고 ‘페이지에 맞춤’은 사용하지 마십시오.
notice-index-print-margins = 여백은 ‘기본값’으로 두고 추가하지 마십시오(안내문 자체에 여백이 있습니다). 머리글과 바닥글은 끄십시오.
notice-index-print-one = 안내문 한 장은 용지 한 장에 인쇄됩니다. 미리 보기에 두 번째 페이지가 나오면 용지 크기와 배율을 확인하십시오.
notice-index-print-pdf = 어느 컴퓨터에서 인쇄해도 똑같이 나오는 PDF를 권장합니다. 인쇄소에 맡길 때는 용지 크기별로 모든 언어판을 묶은 PDF를 이용하십시오.
notice-index-print-browser = 안내문을 열어 브라우저의 인쇄 기능으로 표시된 용지 크기에 인쇄하십시오.
notice-index-bundles = 인쇄소용(모든 언어판을 하나의 PDF로, 한 페이지에 한 장):
notice-index-none = 아직 안내문이 없습니다.
notice-index-stores-heading = 매장별 안내문
notice-index-stores-lead = 매장마다 매장 이름이 들어간 안내문이 있습니다. 매장을 선택하십시오.

# Pages
# $lang: 링크된 문서의 언어(이 페이지와 다를 때).
link-language = { $lang ->
    [ja] (일본어)
    [en] (영어)
    [zh-Hans] (중국어 간체)
    [zh-Hant] (중국어 번체)
    [ko] (한국어)
   *[other] ({ $lang })
}
