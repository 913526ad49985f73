"""The archive wing: the folder, its articles and captures, safe YAML, atomic writes, problems.

It knows nothing of facts or search.
"""
