/**
 * The client's modules import one another without a cycle, type-only imports included: each file can
 * be read (and loaded) after the files it names, the logger and redaction below the options, the
 * transport's types with the transport.
 */
import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "../../tools/repo-root";

const CLIENT = path.join(REPO_ROOT, "provider", "client");

/** Each module of the client (by file name without `.ts`) and the sibling modules it imports. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of fs.readdirSync(CLIENT).filter((f) => f.endsWith(".ts"))) {
    const text = fs.readFileSync(path.join(CLIENT, file), "utf8");
    const siblings = [...text.matchAll(/^(?:import|export)\b[^;]*?\bfrom\s+"\.\/([\w-]+)"/gms)].map(
      (m) => m[1],
    );
    graph.set(file.replace(/\.ts$/, ""), [...new Set(siblings)]);
  }
  return graph;
}

/** The first cycle found, as the modules on it in import order; `undefined` when there is none. */
function firstCycle(graph: Map<string, string[]>): string[] | undefined {
  const done = new Set<string>();
  const onPath: string[] = [];
  const visit = (node: string): string[] | undefined => {
    const at = onPath.indexOf(node);
    if (at >= 0) return [...onPath.slice(at), node];
    if (done.has(node)) return undefined;
    onPath.push(node);
    for (const next of graph.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    onPath.pop();
    done.add(node);
    return undefined;
  };
  for (const node of graph.keys()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return undefined;
}

describe("client: its modules", () => {
  it("import one another without a cycle, type-only imports included", () => {
    const graph = importGraph();
    expect(graph.get("options")).to.include("logger");
    expect(graph.get("index")?.length).to.be.greaterThan(10);
    expect(firstCycle(graph)).to.equal(undefined);
  });

  it("would name a cycle if one came back", () => {
    const graph = importGraph();
    graph.set("redact", [...(graph.get("redact") ?? []), "options"]);
    expect(firstCycle(graph)).to.include.members(["redact", "options"]);
  });
});
