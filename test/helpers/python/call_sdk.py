"""
Calls PolarDB actions through the official Python SDK (alibabacloud-polardb20170801), for the
oracle tests (test/helpers/python-sdk.ts). Reads one JSON document on stdin:

    {"endpoint": "127.0.0.1:PORT", "accessKeyId": ..., "accessKeySecret": ..., "regionId": ...,
     "calls": [{"action": "CreateDBCluster", "params": {"DBType": "PostgreSQL", ...}}, ...]}

and writes one JSON document on stdout: a list with, per call, either
{"ok": true, "body": <the response model's to_map()>} or {"ok": false, "code", "message",
"statusCode", "requestId"}. Parameters use the API's names: the request model's from_map reads
them, so a name the SDK does not know is dropped exactly as the SDK would drop it, and the body
holds only what the SDK's response model knows: the SDK is the judge of both shapes.
"""
import json
import sys

from alibabacloud_polardb20170801 import models
from alibabacloud_polardb20170801.client import Client
from alibabacloud_tea_openapi import utils_models
from darabonba.runtime import RuntimeOptions


def method_of(action: str, suffix: str = "") -> str:
    """The client's snake_case method for an action (CreateDBCluster -> create_dbcluster), by letters only:
    the generator spells some irregularly (DescribeDBClusterTDE -> describe_dbcluster_tdewith_options)."""
    wanted = (action + suffix).lower()
    names = [n for n in dir(Client) if not n.startswith("_") and n.replace("_", "") == wanted]
    if not names:
        raise LookupError(f"the SDK has no action {action}")
    return names[0]


def call(client: Client, action: str, params: dict) -> dict:
    request = getattr(models, f"{action}Request")().from_map(params)
    try:
        response = getattr(client, method_of(action, "WithOptions"))(request, RuntimeOptions(autoretry=False, max_attempts=0))
        return {"ok": True, "body": response.body.to_map()}
    except Exception as e:  # the SDK's refusals (ClientException …) and transport failures alike
        return {
            "ok": False,
            "code": getattr(e, "code", None) or type(e).__name__,
            "message": getattr(e, "message", None) or str(e),
            "statusCode": getattr(e, "status_code", None) or getattr(e, "statusCode", None),
            "requestId": getattr(e, "request_id", None) or ((getattr(e, "data", None) or {}).get("RequestId") if isinstance(getattr(e, "data", None), dict) else None),
        }


def main() -> None:
    job = json.load(sys.stdin)
    config = utils_models.Config(
        access_key_id=job["accessKeyId"], access_key_secret=job["accessKeySecret"],
        endpoint=job["endpoint"], protocol="http", region_id=job.get("regionId", "cn-hangzhou"),
        read_timeout=job.get("timeoutMs", 10000), connect_timeout=job.get("timeoutMs", 10000),
    )
    client = Client(config)
    json.dump([call(client, c["action"], c.get("params", {})) for c in job["calls"]], sys.stdout)


if __name__ == "__main__":
    main()
