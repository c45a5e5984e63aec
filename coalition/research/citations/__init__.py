"""Citation formats: RIS, BibTeX and CSL-JSON out (export.py), RIS and BibTeX in (parse.py).

Both directions go through one plain record (a dict), so what is exported imports back:

    {"type": "report", "title": str, "authors": [{"name": "Smith, Jane", "kind": "person"}],
     "year": 2009 | None, "publisher", "container_title", "volume", "issue", "pages",
     "doi", "url", "abstract", "keywords": [str], "key": str}
"""
