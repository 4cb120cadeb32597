"""The reference for bench/point-in-time.mjs: pandas merge_asof by entity with the same TTL.

Reads the generated columns as raw little-endian arrays, times the join (sorting included),
and writes the matched feature_0 back in entity-row order for the comparison. With a sixth
argument `save`, it writes every column of the joined rows in entity-row order (raw arrays, the
cheapest save there is), as a user's script would keep its training set; the bench then times
the whole process."""
import json
import sys
import time

import numpy as np
import pandas as pd

work, entity_rows, feature_rows, features, ttl_ms = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])


def column(name, dtype, count):
    return np.fromfile(f"{work}/{name}.bin", dtype=dtype, count=count)


feature_frame = pd.DataFrame({"entity_id": column("f_entity", "<i4", feature_rows), "ts": column("f_ts", "<i8", feature_rows)})
for index in range(features):
    feature_frame[f"feature_{index}"] = column(f"f_{index}", "<f8", feature_rows)
entity_frame = pd.DataFrame({"entity_id": column("e_entity", "<i4", entity_rows), "ts": column("e_ts", "<i8", entity_rows), "row": np.arange(entity_rows)})

started = time.perf_counter()
joined = pd.merge_asof(
    entity_frame.sort_values("ts", kind="stable"),
    feature_frame.sort_values("ts", kind="stable"),
    on="ts",
    by="entity_id",
    tolerance=ttl_ms,
    direction="backward",
)
seconds = time.perf_counter() - started
in_entity_order = joined.sort_values("row")
in_entity_order["feature_0"].to_numpy(dtype="<f8").tofile(f"{work}/pandas_feature_0.bin")
if len(sys.argv) > 6 and sys.argv[6] == "save":
    for name in in_entity_order.columns:
        in_entity_order[name].to_numpy().tofile(f"{work}/pandas_training_{name}.bin")
print(json.dumps({"seconds": seconds, "pandas": pd.__version__}))
