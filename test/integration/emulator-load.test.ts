/**
 * A bounded load test on loopback: 10,000 signed requests from 50 concurrent clients (creates with
 * ClientTokens, accounts, describes). Nothing may be lost: every create answered OK exists exactly
 * once, every token maps to one cluster. Figures are printed, never asserted.
 */
import { Emulator, startEmulator } from "../../emulator";
import { PolarDBClient } from "../../provider/client";

jest.setTimeout(180_000);

const KEY = { id: "load-ak", secret: "load-secret" };
const TOTAL = 10_000;
const CONCURRENCY = 50;
let emu: Emulator;

beforeAll(async () => { emu = await startEmulator({ port: 0, timeScale: 0.00001, accessKeys: [KEY] }); });
afterAll(async () => { await emu.close(); });

test(`${TOTAL} requests from ${CONCURRENCY} concurrent clients lose no state`, async () => {
  const clients = Array.from({ length: CONCURRENCY }, () => new PolarDBClient({ regionId: "cn-hangzhou", endpoint: emu.url, credentials: { accessKeyId: KEY.id, accessKeySecret: KEY.secret } }));
  const created = new Map<string, string>(); // ClientToken -> DBClusterId
  const latencies: number[] = [];
  let next = 0, errors = 0;
  const rssBefore = process.memoryUsage().rss;
  const started = Date.now();
  await Promise.all(clients.map(async (c, w) => {
    for (let i = next++; i < TOTAL; i = next++) {
      const t = performance.now();
      try {
        if (i % 10 === 0) {
          const token = `load-${(i / 10) % 400}`; // 1,000 creates over 400 tokens: 600 must be answered from the idempotency record
          const r: any = await c.request("CreateDBCluster", { DBType: "PostgreSQL", DBVersion: "11", DBNodeClass: "polar.pg.x4.medium", PayType: "Postpaid", ClientToken: token });
          const prev = created.get(token);
          if (prev !== undefined && prev !== r.DBClusterId) throw new Error(`token ${token} answered ${prev} and ${r.DBClusterId}`);
          created.set(token, r.DBClusterId);
        } else if (i % 10 === 1 && created.size) {
          const id = [...created.values()][i % created.size];
          await c.request("DescribeDBClusterAttribute", { DBClusterId: id });
        } else {
          await c.request(w % 2 ? "DescribeRegions" : "DescribeDBClusters", {});
        }
      } catch (e) {
        errors++;
        throw e;
      } finally {
        latencies.push(performance.now() - t);
      }
    }
  }));
  const seconds = (Date.now() - started) / 1000;
  await Promise.all(clients.map((c) => c.close()));
  latencies.sort((a, b) => a - b);
  const p = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))].toFixed(1);
  console.log(`load: ${TOTAL} requests, ${CONCURRENCY} clients, ${seconds.toFixed(1)} s, ${(TOTAL / seconds).toFixed(0)} req/s, p50 ${p(0.5)} ms, p99 ${p(0.99)} ms, max ${p(1)} ms, RSS ${(process.memoryUsage().rss / 2 ** 20).toFixed(0)} MiB (was ${(rssBefore / 2 ** 20).toFixed(0)}), errors ${errors}`);

  expect(errors).toBe(0);
  expect(latencies).toHaveLength(TOTAL);
  expect(created.size).toBe(400);
  const all = (emu.backend as any).data().clusters as Record<string, unknown>;
  expect(Object.keys(all).sort()).toEqual([...new Set(created.values())].sort());
  expect(emu.calls().CreateDBCluster).toBe(TOTAL / 10);
});
