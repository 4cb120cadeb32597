"""Writes a 30-feature logistic regression as ONNX, trained by scikit-learn on its bundled
breast cancer data: the small tabular model the model-server benchmark serves. Also writes the
data's rows as JSON (one list of 30 numbers per row) beside it, for the requests, and given a
third path, the data as CSV with its column names and label (the table the model learnt from).

usage: /usr/bin/python3 bench/breast-cancer-logreg.py OUT.onnx ROWS.json [TABLE.csv]
"""
import csv
import json
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper
from sklearn.datasets import load_breast_cancer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

data = load_breast_cancer()
features, labels = data.data, data.target
fitted = make_pipeline(StandardScaler(), LogisticRegression(max_iter=1000)).fit(features, labels)
scaler, model = fitted[0], fitted[1]
# The scaler folds into the weights: (x - mean) / scale . w + b = x . (w / scale) + (b - mean / scale . w)
weights = (model.coef_[0] / scaler.scale_).astype(np.float32).reshape(30, 1)
bias = np.array([model.intercept_[0] - np.dot(scaler.mean_ / scaler.scale_, model.coef_[0])], dtype=np.float32)

graph = helper.make_graph(
    [
        helper.make_node("MatMul", ["float_input", "weights"], ["logit_raw"]),
        helper.make_node("Add", ["logit_raw", "bias"], ["logit"]),
        helper.make_node("Sigmoid", ["logit"], ["positive"]),
        helper.make_node("Sub", ["one", "positive"], ["negative"]),
        helper.make_node("Concat", ["negative", "positive"], ["probabilities"], axis=1),
        helper.make_node("ArgMax", ["probabilities"], ["label"], axis=1, keepdims=0),
    ],
    "breast_cancer_logreg",
    [helper.make_tensor_value_info("float_input", TensorProto.FLOAT, ["N", 30])],
    [
        helper.make_tensor_value_info("label", TensorProto.INT64, ["N"]),
        helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, ["N", 2]),
    ],
    [
        numpy_helper.from_array(weights, "weights"),
        numpy_helper.from_array(bias, "bias"),
        numpy_helper.from_array(np.array([1.0], dtype=np.float32), "one"),
    ],
)
onnx_model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], producer_name="scikit-learn")
onnx_model.ir_version = 8
onnx.checker.check_model(onnx_model)
onnx.save(onnx_model, sys.argv[1])
with open(sys.argv[2], "w") as rows:
    json.dump(features.tolist(), rows)
if len(sys.argv) > 3:
    with open(sys.argv[3], "w", newline="") as table:
        writer = csv.writer(table)
        writer.writerow([*data.feature_names, "malignant"])
        writer.writerows([*map(repr, row), int(label == 0)] for row, label in zip(features.tolist(), labels))
print(f"accuracy on the training rows: {fitted.score(features, labels):.4f}", file=sys.stderr)
