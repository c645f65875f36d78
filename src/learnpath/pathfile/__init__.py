"""Learning-path files: reading YAML and markdown, validating, writing, the JSON Schema.

No database here. The modules that parse (``yamlfile``, ``markdown``) load PyYAML and
pydantic, so the rest of learnpath imports them only when a file must really be read.
"""
