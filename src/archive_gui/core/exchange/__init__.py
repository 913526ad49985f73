"""Facts and passages to and from other tools: FollowTheMoney, W3C Web Annotation, CSV, JSON.

``selection`` says what leaves (kinds, the articles a query found); each format's module turns
a selection into its own form, and ``export`` writes it. Nothing here imports the search
engine: a query's articles are found by the caller and handed in as ids.
"""
