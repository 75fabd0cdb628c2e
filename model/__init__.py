"""The dovehawk model: one encoder, a stance head and a sentiment head, and its labelling API."""

from dovehawk.model.modeling import DovehawkModel, ModelConfig
from dovehawk.model.predict import Labeller, SentenceLabel, load_model, shipped_model_path

__all__ = ["DovehawkModel", "ModelConfig", "Labeller", "SentenceLabel", "load_model", "shipped_model_path"]
