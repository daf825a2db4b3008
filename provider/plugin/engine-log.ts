/**
 * The engine's log for the native plugin: what the provider tells the user (which tenancy a deployment
 * writes to) sent with the Engine service's `Log` RPC to the address the engine started the plugin
 * with, so `pulumi preview` and `up` print it. Why not stderr, as the dynamic-provider host does: the
 * engine shows a resource plugin's stderr only in its debug log (`-v`). A line the engine cannot take
 * goes to stderr instead.
 */
import { createRequire } from "module";
import type * as GrpcModule from "@grpc/grpc-js";
import type { EngineClient } from "@pulumi/pulumi/proto/engine_grpc_pb";
import type { UserLog } from "../resource/tenancy-pin";

// The gRPC module and protos Pulumi's own provider server uses (one copy of @grpc/grpc-js).
const fromPulumiServer = createRequire(require.resolve("@pulumi/pulumi/provider/server"));

/** How long one line may take to reach the engine before it goes to stderr instead. */
const DEADLINE_MS = 5_000;

/**
 * A log whose lines go to the engine at `address` (the plugin's first argument), each falling back to
 * `fallback` when it cannot be delivered.
 */
export function engineLog(address: string, fallback: UserLog): UserLog {
  let client: EngineClient | undefined;
  // Loaded at the first line, not at start: most plugin processes print one line, some none.
  const send = (warning: boolean, message: string): void => {
    const grpc = fromPulumiServer("@grpc/grpc-js") as typeof GrpcModule;
    const engrpc = fromPulumiServer(
      "../proto/engine_grpc_pb",
    ) as typeof import("@pulumi/pulumi/proto/engine_grpc_pb");
    const engproto = fromPulumiServer(
      "../proto/engine_pb",
    ) as typeof import("@pulumi/pulumi/proto/engine_pb");
    client ??= new engrpc.EngineClient(address, grpc.credentials.createInsecure());
    const req = new engproto.LogRequest()
      .setSeverity(warning ? engproto.LogSeverity.WARNING : engproto.LogSeverity.INFO)
      .setMessage(message)
      .setUrn("")
      .setStreamid(0)
      .setEphemeral(false);
    client.log(req, new grpc.Metadata(), { deadline: Date.now() + DEADLINE_MS }, (err) => {
      if (!err) return;
      if (warning) fallback.warn(message);
      else fallback.info(message);
    });
  };
  return { info: (message) => send(false, message), warn: (message) => send(true, message) };
}
