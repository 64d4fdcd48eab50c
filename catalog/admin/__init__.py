from . import catalog, films

__all__ = ["catalog", "films"]
