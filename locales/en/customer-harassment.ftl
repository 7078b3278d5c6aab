# Texts of content/customer-harassment/policy.toml (English).

definition-mhlw-2022 = Among the complaints and actions from customers, in light of the validity of the request, the means and manner of realizing the request are inappropriate based on social norms, and this hinders the employee’s working environment.
    .issuer = Ministry of Health, Labour and Welfare
    .title = Company Manual for Countermeasures for Customer Harassment

note-not-exhaustive = *The following statements are examples and are not limited to these.
note-catch-all = *Even if the above does not apply, the same measures may be taken for any acts that are deemed inappropriate under social norms.

example-refund-demands = Relentless requests for refunds, returns, compensation, etc. that go beyond our terms and conditions
    .notice = Relentless demands for refunds or compensation
example-unfounded-demands = Unfair or excessive demands when no negligence or defect is found in our products or services
    .notice = Unfounded or excessive demands
example-unrelated-products = Requests for responses to products and services that are not related to our company (sold by other companies, purchased via online auctions, etc.)
example-violence = Violence, injury, damage to equipment, etc. (beating, kicking, breaking equipment, etc.)
    .notice = Violence or damage to property
example-verbal-abuse = Abusive language, threatening, intimidating remarks, loud voice, denial of personality, slander, acts that infringe on honor and privacy
    .notice = Abusive language, threats or intimidation
example-forced-dogeza = Requests for forced dogeza (kneeling apology), dismissal, transfer, etc.
    .notice = Forcing a kneeling apology (dogeza)
example-sexual-harassment = Sexual harassment (inappropriate contact, sexual behavior, stalking, ambushing, voyeurism, etc.)
    .notice = Sexual harassment or stalking
example-obstruction = Calls that interfere with work, long hours of restraint at the store, staying there, and relentlessly repeating similar requests
    .notice = Detaining staff or refusing to leave
example-off-hours = Requests for responses on holidays or outside business hours, requests for visits to places other than our business locations
example-online-defamation = Defamation on social media and the Internet, disclosure of employee personal information, images, audio, etc. without permission, recording and filming without consent, etc.
    .notice = Filming staff or posting online without consent
example-damaging-credibility = Acts that damage our company’s credibility or interfere with business operations
example-disturbing-others = Acts that cause trouble to other customers
    .notice = Causing trouble to other customers

response-group-in-house = In-house response
response-information = We are providing information on customer harassment to our employees.
response-reporting-system = We have established a system that allows for prompt reporting and consultations when an incident occurs.

response-group-external = External response
response-resolute-response = If we confirm that an act falls under customer harassment, we will respond with sincerity to the customer, but as an organization, we will respond resolutely.
response-refuse-service = Depending on the situation, we may cancel our response or refuse future visits or use of the service.
response-legal-measures = In malicious cases, we will work with specialized agencies such as the police and lawyers to take strict measures, including legal measures.

# The printed store notice (notices/customer-harassment/…).
notice-customer-harassment = We do not tolerate customer harassment
    .lead = We do not accept the following:
    .stance = If such conduct occurs, we may stop responding and refuse service or entry. In serious cases, we will consult the police and lawyers.
    .request = Thank you for helping us keep a safe and respectful workplace for our staff.
