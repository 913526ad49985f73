"""The facts as pictures, without Qt: a timeline's items and lanes, an ownership graph's links
and layout. The window's views (``ui/pictures.py``) only draw what these say."""
