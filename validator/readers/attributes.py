"""The built-in attribute set of Elastic's documentation (elastic/docs shared/attributes.asciidoc).

Only names and their English values: the section-title attributes every API page uses and the common
product names. Users add or override with ``-a NAME=VALUE`` and ``--attributes FILE``.
"""

from __future__ import annotations

import re

DEFAULT_ATTRIBUTES: dict[str, str] = {
    "api-request-title": "Request",
    "api-prereq-title": "Prerequisites",
    "api-description-title": "Description",
    "api-path-parms-title": "Path parameters",
    "api-query-parms-title": "Query parameters",
    "api-request-body-title": "Request body",
    "api-response-codes-title": "Response codes",
    "api-response-body-title": "Response body",
    "api-example-title": "Example",
    "api-examples-title": "Examples",
    "api-definitions-title": "Properties",
    "es": "Elasticsearch",
    "kib": "Kibana",
    "ls": "Logstash",
    "stack": "Elastic Stack",
    "xpack": "X-Pack",
    "ml": "machine learning",
    "ml-cap": "Machine learning",
    "security-features": "security features",
    "dfeed": "datafeed",
    "dfeeds": "datafeeds",
    "dfeed-cap": "Datafeed",
    "dfeeds-cap": "Datafeeds",
    "anomaly-detect": "anomaly detection",
    "anomaly-job": "anomaly detection job",
    "anomaly-jobs": "anomaly detection jobs",
    "anomaly-jobs-cap": "Anomaly detection jobs",
    "dfanalytics": "data frame analytics",
    "dfanalytics-cap": "Data frame analytics",
    "dfanalytics-job": "{dfanalytics} job",
    "dfanalytics-jobs": "{dfanalytics} jobs",
    "dfanalytics-jobs-cap": "{dfanalytics-cap} jobs",
    "classification": "classification",
    "regression": "regression",
    "oldetection": "outlier detection",
    "olscore": "outlier score",
    "olscores": "outlier scores",
    "fiscore": "feature influence score",
    "feat-imp": "feature importance",
    "transform": "transform",
    "transforms": "transforms",
    "infer": "inference",
    "nlp": "natural language processing",
    "ilm-init": "ILM",
    "slm-init": "SLM",
    "ccs": "cross-cluster search",
    "ccr": "cross-cluster replication",
}


def parse_attributes_file(text: str) -> dict[str, str]:
    """``:name: value`` lines of an AsciiDoc attributes file (other lines are ignored)."""
    found: dict[str, str] = {}
    for line in text.splitlines():
        match = re.match(r"^:([\w-]+):\s*(.*?)\s*$", line)
        if match:
            found[match.group(1)] = match.group(2)
    return found
