"""The Scrapy project: spiders find annual reports on disclosure portals, pipelines parse and store them."""
