"""The search wing: the engine interface, the Whoosh index and its French analysis, the array
postings codec, ranking, the parallel build and the documents made of fact records.

It may read articles and facts; only ``whoosh_compat`` touches Whoosh's private names.
"""
