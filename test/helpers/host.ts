import { expect } from "chai";
import type { Host, Props } from "../../tools/host";

/** What {@link checkedCreate} returns: the created resource and the inputs Check gave it. */
export interface CheckedCreate {
  id: string;
  /** The outputs Create returned. */
  outs: Props;
  /** The inputs Check returned (what the engine records as inputs). */
  inputs: Props;
}

/** Check then Create, as `pulumi up` does for a new resource; Check must report no failure. */
export async function checkedCreate(host: Host, news: Props): Promise<CheckedCreate> {
  const checked = await host.check({}, news);
  expect(checked.failures).to.deep.equal([]);
  const created = await host.create(checked.inputs);
  return { id: created.id, outs: created.properties, inputs: checked.inputs };
}
