# UI strings of the default theme (English).
language-name = English
skip-link = Skip to main content
language-switcher-label = Language
nav-label = Page navigation
nav-home = Back to all policies
date-enacted = Enacted
date-effective = Effective
date-made-known = Made known
date-revised = Revised
revisions-heading = Revision history
revisions-date = Date
revisions-summary = Change
# $issuer, $title, $year: the cited document.
citation = { $issuer }, “{ $title }” ({ $year })
citation-undated = { $issuer }, “{ $title }”
contact-title = Contact
contact-body = For enquiries about this policy, please contact us.
contact-phone = Phone
contact-email = Email
contact-form = Contact form
