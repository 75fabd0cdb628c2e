"""dovehawk: label news sentences for stance toward negotiation and sentiment.

>>> import dovehawk
>>> model = dovehawk.load_model()
>>> model.predict(["Both sides must return to the table."])[0].stance
'favor'
"""

__version__ = "2.7.0"  # the one declaration: pyproject.toml reads it (tool.setuptools.dynamic)


def load_model(path=None, **kwargs):
    """Load the shipped model, or the checkpoint folder at `path` (see `dovehawk.model.load_model`)."""
    from dovehawk.model.predict import load_model as _load

    return _load(path, **kwargs)


__all__ = ["load_model", "__version__"]
