# A command step's program, as a data scientist would write one: reads cars.csv from its folder,
# fits scikit-learn's logistic regression to tell efficient cars, writes metrics.json, the
# held-out rows' scores as scored.csv, and the model as model.onnx (one float input per column,
# standardized inside the model, an ai.onnx.ml LinearClassifier) built with python3-onnx.
import json

import numpy as np
import onnx
import pandas as pd
from onnx import TensorProto, helper
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, roc_auc_score

params = json.load(open("params.json"))
features = ["Displacement", "Horsepower", "Weight_in_lbs", "Acceleration"]
frame = pd.read_csv("cars.csv").dropna(subset=features)
x = frame[features].to_numpy(dtype=np.float64)
y = frame["efficient"].to_numpy()
rng = np.random.default_rng(params.get("seed", 0))
test = rng.random(len(frame)) < 0.25
mean, scale = x[~test].mean(axis=0), x[~test].std(axis=0)
model = LogisticRegression(C=params.get("c", 1.0)).fit((x[~test] - mean) / scale, y[~test])
probability = model.predict_proba((x[test] - mean) / scale)[:, 1]
json.dump(
    {"accuracy": accuracy_score(y[test], probability >= 0.5), "roc_auc": roc_auc_score(y[test], probability)},
    open("metrics.json", "w"),
)
pd.DataFrame({"efficient": y[test], "probability": probability}).to_csv("scored.csv", index=False)
print(f"fitted on {int((~test).sum())} rows, held out {int(test.sum())}")

inputs = [helper.make_tensor_value_info(name, TensorProto.FLOAT, [None, 1]) for name in features]
nodes = [
    helper.make_node("Concat", features, ["x"], axis=1),
    helper.make_node("Scaler", ["x"], ["scaled"], domain="ai.onnx.ml", offset=mean.tolist(), scale=(1 / scale).tolist()),
    helper.make_node(
        "LinearClassifier",
        ["scaled"],
        ["label", "probabilities"],
        domain="ai.onnx.ml",
        coefficients=np.concatenate([-model.coef_[0], model.coef_[0]]).tolist(),
        intercepts=[-float(model.intercept_[0]), float(model.intercept_[0])],
        classlabels_ints=[0, 1],
        post_transform="LOGISTIC",
    ),
]
outputs = [
    helper.make_tensor_value_info("label", TensorProto.INT64, [None]),
    helper.make_tensor_value_info("probabilities", TensorProto.FLOAT, [None, 2]),
]
graph = helper.make_graph(nodes, "efficient_cars", inputs, outputs)
onnx_model = helper.make_model(
    graph, opset_imports=[helper.make_opsetid("", 17), helper.make_opsetid("ai.onnx.ml", 3)], ir_version=8
)
onnx.checker.check_model(onnx_model, full_check=True)
onnx.save(onnx_model, "model.onnx")
