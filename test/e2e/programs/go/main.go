// A Go Pulumi program of the polardb provider plugin, run as an Automation API inline program (no
// Go language host is needed). Reads a JSON request on stdin:
//
//	{"op": "up"|"preview"|"refresh"|"destroy", "workDir": ..., "stack": ..., "config": {...},
//	 "secretConfig": {...}, "password": ..., "description": ..., "expectNoChanges": bool}
//
// and prints one JSON line: {"summary": {...}, "outputs": {...}, "changes": {...}}. The provider's
// endpoint and the backend come from the environment the test sets.
package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"

	"github.com/pulumi-polardb/sdk/go/polardb"
	"github.com/pulumi/pulumi/sdk/v3/go/auto"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optdestroy"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optpreview"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optrefresh"
	"github.com/pulumi/pulumi/sdk/v3/go/auto/optup"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

type request struct {
	Op              string            `json:"op"`
	WorkDir         string            `json:"workDir"`
	Stack           string            `json:"stack"`
	Config          map[string]string `json:"config"`
	SecretConfig    map[string]string `json:"secretConfig"`
	Password        string            `json:"password"`
	Description     string            `json:"description"`
	ExpectNoChanges bool              `json:"expectNoChanges"`
}

func program(req request) pulumi.RunFunc {
	return func(ctx *pulumi.Context) error {
		cluster, err := polardb.NewCluster(ctx, "orders", &polardb.ClusterArgs{
			DbType:      polardb.ClusterDbTypePostgreSQL,
			DbVersion:   pulumi.String("14"),
			DbNodeClass: pulumi.String("polar.pg.x4.medium"),
			Description: pulumi.String(req.Description),
		})
		if err != nil {
			return err
		}
		account, err := polardb.NewAccount(ctx, "app", &polardb.AccountArgs{
			DbClusterId:     cluster.ID(),
			AccountName:     pulumi.String("app_user"),
			AccountPassword: pulumi.ToSecret(pulumi.String(req.Password)).(pulumi.StringOutput),
		})
		if err != nil {
			return err
		}
		db, err := polardb.NewDatabase(ctx, "orders-db", &polardb.DatabaseArgs{
			DbClusterId: cluster.ID(),
			DbName:      pulumi.String("orders"),
			AccountName: account.AccountName,
		})
		if err != nil {
			return err
		}
		ctx.Export("clusterId", cluster.ID())
		ctx.Export("status", cluster.Status)
		ctx.Export("databaseId", db.ID())
		return nil
	}
}

func run() error {
	var req request
	if err := json.NewDecoder(os.Stdin).Decode(&req); err != nil {
		return err
	}
	ctx := context.Background()
	stack, err := auto.UpsertStackInlineSource(ctx, req.Stack, "polardb-go", program(req), auto.WorkDir(req.WorkDir))
	if err != nil {
		return err
	}
	for k, v := range req.Config {
		if err := stack.SetConfig(ctx, k, auto.ConfigValue{Value: v}); err != nil {
			return err
		}
	}
	for k, v := range req.SecretConfig {
		if err := stack.SetConfig(ctx, k, auto.ConfigValue{Value: v, Secret: true}); err != nil {
			return err
		}
	}
	out := map[string]any{}
	switch req.Op {
	case "up":
		r, err := stack.Up(ctx, optup.ProgressStreams(os.Stderr))
		if err != nil {
			return err
		}
		outputs := map[string]any{}
		for k, v := range r.Outputs {
			if !v.Secret {
				outputs[k] = v.Value
			}
		}
		out["summary"], out["outputs"] = r.Summary.ResourceChanges, outputs
	case "preview":
		opts := []optpreview.Option{optpreview.ProgressStreams(os.Stderr)}
		if req.ExpectNoChanges {
			opts = append(opts, optpreview.ExpectNoChanges())
		}
		r, err := stack.Preview(ctx, opts...)
		if err != nil {
			return err
		}
		out["changes"] = r.ChangeSummary
	case "refresh":
		r, err := stack.Refresh(ctx, optrefresh.ProgressStreams(os.Stderr))
		if err != nil {
			return err
		}
		out["summary"] = r.Summary.ResourceChanges
	case "destroy":
		r, err := stack.Destroy(ctx, optdestroy.ProgressStreams(os.Stderr))
		if err != nil {
			return err
		}
		out["summary"] = r.Summary.ResourceChanges
		if err := stack.Workspace().RemoveStack(ctx, req.Stack); err != nil {
			return err
		}
	default:
		return fmt.Errorf("unknown op %q", req.Op)
	}
	return json.NewEncoder(os.Stdout).Encode(out)
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "program:", err)
		os.Exit(1)
	}
}
