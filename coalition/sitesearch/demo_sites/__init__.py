"""Sample member websites for the demo, served on loopback by `manage.py serve_demo_sites`
(which `make demo` starts). Written about the seeds' themes; PDFs are made with fpdf2
when the server starts."""
