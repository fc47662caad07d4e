#!/usr/bin/env python3
"""Loads every SDMX-CSV file of a report directory with pysdmx and sdmx1 and prints, as JSON,
the number of observations each reader found. sdmx1 reads each file against the dataflow
described in the directory's structure.xml; pysdmx reads it with that structure too.

  check_sdmx.py REPORT_DIR
"""
import json
import pathlib
import sys

import pysdmx.io
import sdmx

directory = pathlib.Path(sys.argv[1])
structure_path = directory / "structure.xml"
structure = sdmx.read_sdmx(structure_path)
result = {"dataflows": sorted(structure.dataflow.keys()), "codelists": sorted(structure.codelist.keys()), "files": {}}
for path in sorted(directory.glob("*.sdmx.csv")):
    flow_id = path.name.split(".")[0].upper()
    dataflow = structure.dataflow[flow_id]
    message = sdmx.read_sdmx(path, structure=dataflow)
    sdmx1_count = sum(len(ds.obs) for ds in message.data)
    suppressed = 0
    for ds in message.data:
        for obs in ds.obs:
            conf = obs.attached_attribute.get("CONF_STATUS")
            if conf is not None and str(conf.value) in ("C", "D"):
                suppressed += 1
    datasets = pysdmx.io.get_datasets(path, structure_path)
    pysdmx_count = sum(len(ds.data) for ds in datasets)
    measures = sorted({str(value) for ds in datasets for value in ds.data["MEASURE"].unique()})
    result["files"][path.name] = {"sdmx1": sdmx1_count, "pysdmx": pysdmx_count, "sdmx1_suppressed": suppressed,
                                  "pysdmx_structure": [str(ds.short_urn) for ds in datasets], "measures": measures}
print(json.dumps(result, indent=1, sort_keys=True))
