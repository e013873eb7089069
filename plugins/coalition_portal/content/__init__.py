"""Content: the records' models, strict reading of YAML (with the fast line reader and the
parse cache), loading a content folder, and the findings every stage reports."""
