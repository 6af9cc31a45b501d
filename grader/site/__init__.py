"""The static site: problem pages in the gptandchill style, built from the catalog.

build.py renders pages with the templates and assets of the top-level site/ folder; markdown.py turns
statements into HTML (MathML for math); highlight.py colours code; examples.py turns visible tests into
example cards; figures.py draws the SVG figures.

Imports the catalog only: never the sandbox, the trusted side, or solutions/ (except the reference
source, read as text, in a build made --with-solutions).
"""
