// What every kind's dynamic provider does alike before its own lifecycle: configure the deployment's
// session, and check inputs by the kind's table.
import type * as dynamic from "@pulumi/pulumi/dynamic";
import { checkInputs } from "./fields";
import type { KindSpec } from "./kinds/types";
import { configureSession } from "./session";

/**
 * A kind's `configure` and `check`: configure reads the provider's settings from stack config
 * (secrets arrive decrypted), falling back to the environment, and fails early, listing every way to
 * give credentials, when there are none; check validates inputs by the kind's table, reports every
 * failure at once and makes no API call.
 * @param session - The deployment's session; asked for at check so configuration problems surface at
 *   preview, before anything is written.
 * @internal
 */
export function kindShell<I>(
  kind: KindSpec,
  session: () => unknown,
): Pick<Required<dynamic.ResourceProvider<I>>, "configure" | "check"> {
  return {
    configure: (req) => configureSession(kind.name, req),
    async check(_olds, news) {
      const { inputs, failures } = checkInputs(kind, news ?? {});
      session();
      return { inputs: inputs as I, failures };
    },
  };
}
