/** Where the provider's lines and errors go: the resource's URN, the engine address, the host's duplicate lines. */
import { engineAddress, isQuieted, quietError, resourceLabel, say, scopeOf, withResource } from "../../provider/messages";
import { configure, handle } from "../../provider/runtime";

describe("scopeOf: the URN the engine gave the resource", () => {
  test("a top-level resource", () => {
    expect(scopeOf("Cluster", "shop/prod/polardb:Cluster/orders")).toEqual({
      kind: "Cluster", name: "orders", urn: "urn:pulumi:prod::shop::pulumi-nodejs:dynamic/polardb:Cluster::orders",
    });
  });
  test("a child of a component: the parent's qualified type prefixes the type", () => {
    const parent = "urn:pulumi:prod::shop::acme:db:Stack$acme:db:Pair::main";
    expect(scopeOf("Node", `shop/prod/polardb:Node/reader-1@${parent}`).urn)
      .toBe("urn:pulumi:prod::shop::acme:db:Stack$acme:db:Pair$pulumi-nodejs:dynamic/polardb:Node::reader-1");
  });
  test("the root stack as explicit parent adds nothing", () => {
    expect(scopeOf("Account", "shop/prod/polardb:Account/app@urn:pulumi:prod::shop::pulumi:pulumi:Stack::shop-prod").urn)
      .toBe("urn:pulumi:prod::shop::pulumi-nodejs:dynamic/polardb:Account::app");
  });
  test("names with slashes and no identity at all", () => {
    expect(scopeOf("Database", "p/s/polardb:Database/team/a").name).toBe("team/a");
    expect(scopeOf("Database", undefined)).toEqual({ kind: "Database" });
  });
});

test("resourceLabel names kind, name and id when the resource is known", async () => {
  expect(resourceLabel("Cluster", "pc-1")).toBe("Cluster pc-1");
  await withResource(scopeOf("Cluster", "p/s/polardb:Cluster/orders"), async () => {
    expect(resourceLabel("Cluster", "pc-1")).toBe("Cluster orders (pc-1)");
    expect(resourceLabel("Node", "pi-1")).toBe("Node pi-1"); // another kind's id: not this resource's name
  });
});

test("engineAddress: only in the dynamic-provider host, with an address argument", () => {
  expect(engineAddress(["node", "/x/@pulumi/pulumi/cmd/dynamic-provider", "127.0.0.1:40123"], {})).toBe("127.0.0.1:40123");
  expect(engineAddress(["node", "/x/jest.js", "127.0.0.1:40123"], {})).toBeUndefined();
  expect(engineAddress(["node", "/x/cmd/dynamic-provider"], {})).toBeUndefined();
  expect(engineAddress(["node", "/x/cmd/dynamic-provider", "127.0.0.1:1"], { POLARDB_ENGINE_LOG: "0" })).toBeUndefined();
});

describe("outside the host, lines go to stderr naming the resource", () => {
  test("kind and name prefix", async () => {
    const spy = jest.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      await withResource(scopeOf("Cluster", "p/s/polardb:Cluster/orders"), async () => say("waiting"));
      expect(spy).toHaveBeenCalledWith("polardb: Cluster orders: waiting\n");
    } finally {
      spy.mockRestore();
    }
  });
});

describe("the host's `${e}: ${e.stack}` line", () => {
  test("is dropped for an error we expect, exactly once, and nothing else is", () => {
    const e = quietError(new Error("CreateDatabase failed: InvalidParameter"));
    expect(e.stack).toBe("Error: CreateDatabase failed: InvalidParameter");
    expect(isQuieted(`${e}: ${e.stack}`)).toBe(true);
    expect(isQuieted(`${e}: ${e.stack}`)).toBe(false);
    expect(isQuieted("TypeError: x: TypeError: x\n    at y")).toBe(false);
  });
});

describe("runtime.handle", () => {
  beforeAll(() => configure({ get: (k: string) => ({ "polardb:accessKeyId": "id", "polardb:accessKeySecret": "s", "polardb:region": "cn-hangzhou" } as Record<string, string>)[k] }));
  afterAll(() => configure(undefined));

  test("check failures are answers, not errors; an unknown kind is an error naming the kinds", async () => {
    const r = await handle("Database", "check", [{}, { dbClusterId: "pc-1", dbName: "1bad" }]) as { failures?: unknown[] };
    expect(r.failures?.length).toBeGreaterThan(0);
    await expect(handle("Nope", "check", [{}, {}])).rejects.toThrow(/no resource kind "Nope"/);
  });
});
