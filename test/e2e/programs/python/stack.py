"""A Python Pulumi program of the polardb provider plugin, run as an Automation API inline program
(no Python language host is needed). Reads a JSON request on stdin:
  {"op": "up"|"preview"|"refresh"|"destroy", "workDir": ..., "stack": ..., "config": {...}, "secretConfig": {...},
   "resources": {"withDatabase": bool}, "expectNoChanges": bool}
and prints one JSON line: {"summary": {...}, "outputs": {...}, "changes": {...}}.
The provider's endpoint and the backend come from the environment the test sets.
"""
import json
import sys

import pulumi
import pulumi.automation as auto
import pulumi_polardb as polardb


def program(options):
    def run():
        cluster = polardb.Cluster(
            "orders",
            db_type="PostgreSQL",
            db_version="14",
            db_node_class="polar.pg.x4.medium",
            description=options["description"],
        )
        account = polardb.Account(
            "app",
            db_cluster_id=cluster.id,
            account_name="app_user",
            account_password=pulumi.Output.secret(options["password"]),
            account_type="Normal",
        )
        pulumi.export("clusterId", cluster.id)
        pulumi.export("status", cluster.status)
        if options.get("withDatabase", True):
            db = polardb.Database(
                "orders-db",
                db_cluster_id=cluster.id,
                db_name="orders",
                account_name=account.account_name,
            )
            pulumi.export("databaseId", db.id)
    return run


def main():
    req = json.load(sys.stdin)
    stack = auto.create_or_select_stack(
        stack_name=req["stack"],
        project_name="polardb-python",
        program=program(req.get("resources", {})),
        opts=auto.LocalWorkspaceOptions(work_dir=req["workDir"]),
    )
    for key, value in req.get("config", {}).items():
        stack.set_config(key, auto.ConfigValue(value=value))
    for key, value in req.get("secretConfig", {}).items():
        stack.set_config(key, auto.ConfigValue(value=value, secret=True))
    op = req["op"]
    out = {}
    if op == "up":
        r = stack.up(on_output=lambda line: print(line, file=sys.stderr))
        out = {"summary": r.summary.resource_changes, "outputs": {k: v.value for k, v in r.outputs.items() if not v.secret}}
    elif op == "preview":
        r = stack.preview(expect_no_changes=req.get("expectNoChanges", False), on_output=lambda line: print(line, file=sys.stderr))
        out = {"changes": r.change_summary}
    elif op == "refresh":
        r = stack.refresh(on_output=lambda line: print(line, file=sys.stderr))
        out = {"summary": r.summary.resource_changes}
    elif op == "destroy":
        r = stack.destroy(on_output=lambda line: print(line, file=sys.stderr))
        out = {"summary": r.summary.resource_changes}
        stack.workspace.remove_stack(req["stack"])
    print(json.dumps(out))


if __name__ == "__main__":
    main()
