/**
 * Preloaded into the provider host (`node --require`) by `npm run bench:profile`: records a CPU profile
 * from start to SIGTERM and writes it to `BENCH_CPU_PROFILE`. `--cpu-prof` would not do: it writes only
 * on a normal exit, and the host is stopped with a signal, as the engine stops it.
 */
import * as fs from "fs";
import * as inspector from "inspector";

const out = process.env.BENCH_CPU_PROFILE;
if (out) {
  const session = new inspector.Session();
  session.connect();
  session.post("Profiler.enable", () =>
    session.post("Profiler.setSamplingInterval", { interval: 200 }, () => session.post("Profiler.start")),
  );
  process.once("SIGTERM", () => {
    session.post("Profiler.stop", (err, result) => {
      if (!err) fs.writeFileSync(out, JSON.stringify(result.profile));
      process.exit(0);
    });
  });
}
