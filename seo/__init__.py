"""Sitemaps, robots.txt, page metadata (canonical, hreflang, Open Graph, JSON-LD), sharing."""
