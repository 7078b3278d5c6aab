site-title = Example Corp. Policies
site-description = The policies of Example Corp.
organisation-name = Example Corp.
-company = Example Corp.
