/**
 * Reads a V8 CPU profile and says where the time went: self time by function, and by owner (this
 * project's code, Pulumi's SDK and host, gRPC and protobuf, Node.js itself, idle). Pure.
 */

/** The parts of a `.cpuprofile` this reads. */
export interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number } }>;
  samples: number[];
  timeDeltas: number[];
}

/** Who a function belongs to. */
export type Owner =
  "this project" | "Pulumi SDK/host" | "gRPC/protobuf" | "other packages" | "Node.js" | "idle/GC";

/** One line of the summary. */
export interface Entry {
  /** `name (file:line)`. */
  name: string;
  owner: Owner;
  /** Self time, ms. */
  ms: number;
  /** Share of all sampled time. */
  share: number;
}

/** Who owns the code at `url`. */
export function ownerOf(url: string, functionName: string): Owner {
  if (url === "") return /^\((idle|garbage collector|program)\)$/.test(functionName) ? "idle/GC" : "Node.js";
  if (/pulumi-datatrails-invites|\/dist\/provider\//.test(url)) return "this project";
  if (/@pulumi\/pulumi/.test(url)) return "Pulumi SDK/host";
  if (/@grpc|google-protobuf|protobufjs/.test(url)) return "gRPC/protobuf";
  if (/node_modules/.test(url)) return "other packages";
  return "Node.js";
}

/** Self time per function and per owner, largest first. */
export function summarize(profile: CpuProfile): { byFunction: Entry[]; byOwner: Entry[]; totalMs: number } {
  const byNode = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const self = new Map<string, { owner: Owner; us: number }>();
  const owners = new Map<Owner, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const frame = byNode.get(id);
    const us = profile.timeDeltas[i] ?? 0;
    if (!frame) return;
    total += us;
    const file = frame.url.replace(/^.*node_modules\//, "").replace(/^file:\/\/.*\/dist\//, "dist/");
    const name = `${frame.functionName || "(anonymous)"}${file ? ` (${file}:${frame.lineNumber + 1})` : ""}`;
    const owner = ownerOf(frame.url, frame.functionName);
    const entry = self.get(name) ?? { owner, us: 0 };
    entry.us += us;
    self.set(name, entry);
    owners.set(owner, (owners.get(owner) ?? 0) + us);
  });
  const entry = (name: string, owner: Owner, us: number): Entry => ({
    name,
    owner,
    ms: us / 1000,
    share: total === 0 ? 0 : us / total,
  });
  return {
    byFunction: [...self].map(([name, e]) => entry(name, e.owner, e.us)).sort((a, b) => b.ms - a.ms),
    byOwner: [...owners].map(([owner, us]) => entry(owner, owner, us)).sort((a, b) => b.ms - a.ms),
    totalMs: total / 1000,
  };
}
