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
notice-index-all-locations = All locations

# The page served for an address that does not exist (404.html).
not-found-title = Page not found
not-found-body = The page you are looking for may have moved or been removed. Please look for it in the list of policies.
not-found-home = Go to the list of policies

# Lists
# Examples shown run in after their label ("Label: a; b"): between the label and the first
# example, and between two examples.
list-run-in-label-separator = {": "}
list-run-in-item-separator = {"; "}
# Before a definition's citation shown as a note (`citation = "note"`).
citation-note-mark = Source:{" "}

# Signature, contact, glossary
# $title, $name: who signs the policy (`signature-<id>.title`, `signature-<id>`).
signature-line = { $name }, { $title }
# $label: a contact label (contact-phone…) with this language's separator: Phone: 03-…
contact-label = { $label }:{ " " }
contact-department = Department
contact-hours = Hours
# $reading: a glossary term's reading, shown after the term.
glossary-reading = { " " }({ $reading })

# Notices index
# The notices pages for store managers (notices/en/, notices/en/<store>/). notice-index-use-a3,
# -a4, -a5: what each paper size is for.
notice-index-lead = Notices to post in your stores, ready to print. Each language version comes in the paper sizes below: open a sheet to print it.
notice-index-find-store = Find the notices of your store
notice-index-store-lead = This store's notices carry its name, and its opening hours and phone number where they are known.
notice-index-back = All printable notices
notice-index-sizes-heading = Which size goes where
notice-index-use-a4 = At the counter or by the register.
notice-index-use-a3 = A poster at the entrance or on a wall.
notice-index-use-a5 = A card on a table or by the register.
notice-index-print-heading = How to print
notice-index-print-scale = Scale: 100% (“Actual size”), not “Fit to page”.
notice-index-print-margins = Margins: leave them at “Default” and add none (the notice has its own). Turn headers and footers off.
notice-index-print-one = One notice, one sheet: if the preview shows a second page, check the paper size and the scale.
notice-index-print-pdf = The PDF is recommended: it prints the same from any computer. For a print shop, use the PDF of each paper size with every language version.
notice-index-print-browser = Open the notice and print it from your browser on paper of the size shown.
notice-index-bundles = For a print shop, every language version in one PDF, one sheet a page:
notice-index-none = No notices yet.
notice-index-stores-heading = Stores
notice-index-stores-lead = Each store has its own notices, with its name on them. Choose your store:

# Pages
# $lang: the language of a linked document that is not this page's (a definition's citation);
# the marker stands right after the link (the space is part of it).
link-language = { " " }{ $lang ->
    [ja] (Japanese)
    [en] (English)
    [zh-Hans] (Simplified Chinese)
    [zh-Hant] (Traditional Chinese)
    [ko] (Korean)
   *[other] ({ $lang })
}
