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
notice-index-intro = 안내문을 열어 브라우저의 인쇄 기능으로 표에 표시된 용지 크기에 맞춰 인쇄해 주십시오. 각 안내문은 한 장에 인쇄됩니다.
notice-index-all-locations = 전 매장 공통
notice-index-language = 언어

# The page served for an address that does not exist (404.html).
not-found-title = 페이지를 찾을 수 없습니다
not-found-body = 찾으시는 페이지가 이동되었거나 삭제되었을 수 있습니다. 방침 목록에서 찾아 주십시오.
not-found-home = 방침 목록으로 이동
