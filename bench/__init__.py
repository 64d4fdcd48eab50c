"""The benchmark (``make bench``) and the synthetic catalog it measures; not part of the site."""
