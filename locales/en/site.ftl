# The site's own UI text (English).
site-title = Kiwaseisakujo Policies
site-description = Policies of Kiwaseisakujo Co., Ltd. for our customers.
organisation-name = Kiwaseisakujo Co., Ltd.
