/**
 * `npm run bench`: figures, never assertions. For now one benchmark (issue 5):
 * the converge overhead of creating a cluster — wall time over the emulator's own transition
 * time — for our engine (adaptive waiter) and, side by side in the same run, a fixed 5-second
 * poller (what the Terraform provider does), plus API calls per create.
 *
 * Everything runs at one time scale: the emulator's durations AND both pollers' intervals are
 * multiplied by SCALE, so the ratios are those of real time (a 5-minute create, 5-second polls).
 */
import { startEmulator } from "../emulator";
import { DURATIONS } from "../emulator/backend";
import { PolarDBClient } from "../provider/client";
import { makeProvider } from "../provider/engine";
import { DEFAULT_TUNING } from "../provider/waiter";
import { clusterSpec } from "../resources/cluster";

const SCALE = Number(process.env.BENCH_TIME_SCALE ?? 0.01);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const KEY = { accessKeyId: "bench-ak", accessKeySecret: "bench-secret" };
const INPUTS = {
  dbType: "PostgreSQL", dbVersion: "11", dbNodeClass: "polar.pg.x4.medium", payType: "Postpaid",
  zoneId: "cn-hangzhou-h", vpcId: "vpc-bench00000000000001", vswitchId: "vsw-bench00000000000001", description: "bench",
};

function stats(xs: number[]) {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], min: s[0], max: s[s.length - 1] };
}

async function main() {
  const emu = await startEmulator({ port: 0, timeScale: SCALE, accessKeys: [{ id: KEY.accessKeyId, secret: KEY.accessKeySecret }] });
  const client = new PolarDBClient({ regionId: "cn-hangzhou", endpoint: emu.url, credentials: KEY });
  // The emulator varies each create by ±20 % (seeded); the task record says how long this one took.
  const lastCreateMs = (clusterId: string) => {
    const task = (emu.backend as any).data().tasks.find((t: any) => t.DBClusterId === clusterId);
    return task.FinishTime - task.BeginTime;
  };
  const scaledTuning = Object.fromEntries(Object.entries(DEFAULT_TUNING).map(([k, v]) => [k, v * SCALE]));
  const provider = makeProvider(clusterSpec as any, {
    api: () => client, defaultRegion: () => "cn-hangzhou", tuning: scaledTuning, progress: () => undefined,
  });

  const ours: number[] = [], oursCalls: number[] = [], fixed: number[] = [], fixedCalls: number[] = [];
  const oursRatio: number[] = [], fixedRatio: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    emu.resetCalls();
    let t = Date.now();
    const checked = await provider.check({}, { ...INPUTS });
    const made = await provider.create(checked.inputs);
    ours.push(Date.now() - t);
    oursRatio.push(ours[i] / lastCreateMs(made.id));
    oursCalls.push(Object.values(emu.calls()).reduce((a, b) => a + b, 0));

    emu.resetCalls();
    t = Date.now();
    const created: any = await client.request("CreateDBCluster", {
      RegionId: "cn-hangzhou", DBType: "PostgreSQL", DBVersion: "11", DBNodeClass: "polar.pg.x4.medium", PayType: "Postpaid",
      ZoneId: "cn-hangzhou-h", ClientToken: `bench-fixed-${i}-${Date.now()}`,
    });
    for (;;) {
      await new Promise((r) => setTimeout(r, 5000 * SCALE));
      const attr: any = await client.request("DescribeDBClusterAttribute", { DBClusterId: created.DBClusterId });
      if (attr.DBClusterStatus === "Running") break;
    }
    fixed.push(Date.now() - t);
    fixedRatio.push(fixed[i] / lastCreateMs(created.DBClusterId));
    fixedCalls.push(Object.values(emu.calls()).reduce((a, b) => a + b, 0));
  }
  await client.close();
  await emu.close();

  const o = stats(ours), f = stats(fixed), or = stats(oursRatio), fr = stats(fixedRatio);
  const over = (xs: number[], ratios: number[]) => stats(xs.map((x, i) => (x - x / ratios[i]) / SCALE / 1000)).median;
  console.log(`cluster create, ${RUNS} runs each, time scale ${SCALE} (emulator transition ${DURATIONS.createCluster / 60000} min real ±20 %)`);
  console.log(`  engine (adaptive waiter): median ${o.median} ms, overhead ratio ${or.median.toFixed(3)} (min ${or.min.toFixed(3)}, max ${or.max.toFixed(3)}), API calls ${stats(oursCalls).median}, ${over(ours, oursRatio).toFixed(1)} s real past the transition`);
  console.log(`  fixed 5 s poller:         median ${f.median} ms, overhead ratio ${fr.median.toFixed(3)} (min ${fr.min.toFixed(3)}, max ${fr.max.toFixed(3)}), API calls ${stats(fixedCalls).median}, ${over(fixed, fixedRatio).toFixed(1)} s real past the transition`);
}

main().catch((e) => { console.error(e); process.exit(1); });
