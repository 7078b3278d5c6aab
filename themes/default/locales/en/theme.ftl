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
# Printed store notices and their index (notices/en/).
notice-full-policy = Read the full policy
notice-all-languages = Full policy in your language
notice-hours = Opening hours
notice-phone = Consultation desk
notice-index-title = Printable notices
notice-index-intro = Open a notice and print it from your browser on paper of the size shown. Each notice fits on one sheet.
notice-index-all-locations = All locations
notice-index-language = Language

# The page served for an address that does not exist (404.html).
not-found-title = Page not found
not-found-body = The page you are looking for may have moved or been removed. Please look for it in the list of policies.
not-found-home = Go to the list of policies
