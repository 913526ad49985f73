"""The facts wing: records, the facts file, anchors, editing, the session, extraction, tags.

It reads articles from the archive wing and never uses the search engine.
"""
