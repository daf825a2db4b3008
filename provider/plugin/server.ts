/**
 * Serves a `Provider` with `main()` from `@pulumi/pulumi/provider`, plus the three configuration RPCs
 * that server leaves out.
 *
 * Why: in @pulumi/pulumi 3.270.0 the Node provider server answers `Configure` without looking at the
 * request (the provider never sees its config) and answers `CheckConfig` and `DiffConfig` with
 * UNIMPLEMENTED; its `Provider` interface has no hook for any of them. How: `main()` builds its
 * gRPC server and registers the ResourceProvider service synchronously, before its first `await`.
 * For exactly that call, `serveProvider` wraps `Server.prototype.addService` of the very
 * `@grpc/grpc-js` module the Pulumi server loads: the service implementation it registers is
 * replaced by one whose prototype is Pulumi's (every other RPC is Pulumi's, unchanged) and which
 * answers the three config RPCs through {@link ConfigHooks}. The prototype is restored as soon as
 * `main()` returns. Nothing under node_modules is modified.
 */
import { createRequire } from "module";
import type * as GrpcModule from "@grpc/grpc-js";
import type { sendUnaryData, ServerUnaryCall, UntypedServiceImplementation } from "@grpc/grpc-js";
import type { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { main, type Provider } from "@pulumi/pulumi/provider";
import { ResourceProviderService } from "@pulumi/pulumi/proto/provider_grpc_pb";
import * as provproto from "@pulumi/pulumi/proto/provider_pb";
import type { ConfigArgs, ConfigDiff, ConfigFailure } from "./config";

/** What the plugin does for the configuration RPCs. */
export interface ConfigHooks {
  /** Configure: `args` (un-namespaced keys) when the engine sends them, else the legacy variables. */
  configure(args: ConfigArgs | undefined, variables: ReadonlyMap<string, string>): Promise<void>;
  /** CheckConfig: failures of the new config; the engine keeps the config as sent. */
  checkConfig(olds: ConfigArgs, news: ConfigArgs): ConfigFailure[];
  /** DiffConfig: what changed (old outputs against new inputs); never a replacement. */
  diffConfig(olds: ConfigArgs, news: ConfigArgs): ConfigDiff;
}

// The gRPC module Pulumi's server uses, resolved from that server's own location (a second copy of
// @grpc/grpc-js elsewhere would have a different Server.prototype).
const fromPulumiServer = createRequire(require.resolve("@pulumi/pulumi/provider/server"));
const grpc = fromPulumiServer("@grpc/grpc-js") as typeof GrpcModule;

function argsOf(struct: Struct | undefined): ConfigArgs {
  return struct === undefined ? {} : struct.toJavaScript();
}

function fail<T>(callback: sendUnaryData<T>, err: unknown): void {
  callback(err instanceof Error ? err : new Error(String(err)), null);
}

function configRpcs(hooks: ConfigHooks): UntypedServiceImplementation {
  return {
    configure(
      call: ServerUnaryCall<provproto.ConfigureRequest, provproto.ConfigureResponse>,
      callback: sendUnaryData<provproto.ConfigureResponse>,
    ): void {
      const req = call.request;
      const variables = new Map<string, string>(req.getVariablesMap().getEntryList());
      const args = req.getArgs();
      hooks.configure(args === undefined ? undefined : argsOf(args), variables).then(
        () => {
          // Secrets, resources and outputs are not accepted, as with the dynamic-provider host: the
          // engine sends plain values and marks outputs secret where their inputs were.
          const resp = new provproto.ConfigureResponse()
            .setAcceptsecrets(false)
            .setAcceptresources(false)
            .setAcceptoutputs(false)
            .setSupportspreview(false);
          callback(null, resp);
        },
        (err: unknown) => fail(callback, err),
      );
    },

    checkConfig(
      call: ServerUnaryCall<provproto.CheckRequest, provproto.CheckResponse>,
      callback: sendUnaryData<provproto.CheckResponse>,
    ): void {
      try {
        const req = call.request;
        const failures = hooks.checkConfig(argsOf(req.getOlds()), argsOf(req.getNews()));
        const resp = new provproto.CheckResponse().setInputs(req.getNews());
        resp.setFailuresList(
          failures.map((f) => new provproto.CheckFailure().setProperty(f.property).setReason(f.reason)),
        );
        callback(null, resp);
      } catch (err) {
        fail(callback, err);
      }
    },

    diffConfig(
      call: ServerUnaryCall<provproto.DiffRequest, provproto.DiffResponse>,
      callback: sendUnaryData<provproto.DiffResponse>,
    ): void {
      try {
        const req = call.request;
        const diff = hooks.diffConfig(argsOf(req.getOlds()), argsOf(req.getNews()));
        const resp = new provproto.DiffResponse()
          .setChanges(
            diff.changes
              ? provproto.DiffResponse.DiffChanges.DIFF_SOME
              : provproto.DiffResponse.DiffChanges.DIFF_NONE,
          )
          .setDiffsList(diff.diffs)
          .setReplacesList([]);
        callback(null, resp);
      } catch (err) {
        fail(callback, err);
      }
    },
  };
}

/**
 * Runs `main(provider, args)` from `@pulumi/pulumi/provider` with the configuration RPCs answered by
 * `hooks` (see the top of this file for how and why). Resolves once the server listens and has
 * printed its port.
 */
export async function serveProvider(provider: Provider, args: string[], hooks: ConfigHooks): Promise<void> {
  const proto = grpc.Server.prototype;
  // Restored below, and called with the server as `this`.
  // eslint-disable-next-line @typescript-eslint/unbound-method
  const addService = proto.addService;
  const ours = configRpcs(hooks);
  proto.addService = function (
    this: GrpcModule.Server,
    service: GrpcModule.ServiceDefinition,
    implementation: UntypedServiceImplementation,
  ): void {
    if (service !== ResourceProviderService) return addService.call(this, service, implementation);
    const wrapped = Object.assign(Object.create(implementation) as UntypedServiceImplementation, ours);
    return addService.call(this, service, wrapped);
  };
  try {
    await main(provider, args);
  } finally {
    proto.addService = addService;
  }
}
