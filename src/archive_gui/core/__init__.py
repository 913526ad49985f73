"""The core: articles, facts, anchors, search and extraction, with no Qt."""
