import { SingleFlight } from "../../provider/single-flight";

function deferred<T>() {
  let resolve!: (v: T) => void, reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => { resolve = res; reject = rej; });
  return { promise, resolve, reject };
}

describe("SingleFlight", () => {
  test("callers of one key while it runs share one call; a later call asks again", async () => {
    const flight = new SingleFlight<number>();
    let calls = 0;
    const d = deferred<number>();
    const call = () => { calls++; return d.promise; };
    const a = flight.run("k", call), b = flight.run("k", call), other = flight.run("other", () => { calls++; return Promise.resolve(7); });
    expect(flight.size).toBe(2);
    d.resolve(42);
    expect(await Promise.all([a, b, other])).toEqual([42, 42, 7]);
    expect(calls).toBe(2);
    expect(flight.size).toBe(0);
    expect(await flight.run("k", () => { calls++; return Promise.resolve(43); })).toBe(43);
    expect(calls).toBe(3);
  });

  test("a failure reaches every waiting caller and is not kept", async () => {
    const flight = new SingleFlight<number>();
    const d = deferred<number>();
    const a = flight.run("k", () => d.promise), b = flight.run("k", () => d.promise);
    d.reject(new Error("Throttling"));
    await expect(a).rejects.toThrow("Throttling");
    await expect(b).rejects.toThrow("Throttling");
    expect(await flight.run("k", () => Promise.resolve(1))).toBe(1);
  });

  test("an aborted caller stops waiting; the others still get the answer", async () => {
    const flight = new SingleFlight<number>();
    const d = deferred<number>();
    const ctl = new AbortController();
    const a = flight.run("k", () => d.promise, ctl.signal), b = flight.run("k", () => d.promise);
    ctl.abort(new Error("cancelled"));
    await expect(a).rejects.toThrow("cancelled");
    d.resolve(5);
    expect(await b).toBe(5);
  });
});

test("the client gives each caller of a shared read its own error object (callers add to what they catch)", async () => {
  const { PolarDBClient } = await import("../../provider/client");
  const http = await import("node:http");
  let requests = 0;
  const server = http.createServer((_req, res) => {
    requests++;
    // Answer late, so both reads are in flight together.
    setTimeout(() => { res.writeHead(404, { "content-type": "application/json" }); res.end(JSON.stringify({ Code: "InvalidDBClusterId.NotFound", Message: "no such cluster", RequestId: "R-1" })); }, 100);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  const port = (server.address() as import("node:net").AddressInfo).port;
  const client = new PolarDBClient({ regionId: "cn-hangzhou", endpoint: `http://127.0.0.1:${port}`, credentials: { accessKeyId: "ak", accessKeySecret: "sk" }, retry: { retries: 0 } });
  try {
    const [a, b] = await Promise.allSettled([0, 1].map(() => client.request("DescribeDBClusterAttribute", { DBClusterId: "pc-x" })));
    expect(requests).toBe(1);
    const ea = (a as PromiseRejectedResult).reason, eb = (b as PromiseRejectedResult).reason;
    expect(ea).not.toBe(eb);
    expect(ea.code).toBe("InvalidDBClusterId.NotFound");
    expect(eb.code).toBe("InvalidDBClusterId.NotFound");
    expect(eb).toBeInstanceOf(Error);
    ea.message += " (seen by one caller)";
    expect(eb.message).not.toMatch(/seen by one caller/);
  } finally {
    await client.close();
    server.close();
  }
});
