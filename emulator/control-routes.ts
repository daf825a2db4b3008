import type { AddAssetInput, AddMemberInput, Controller, CreateInviteInput } from "./control";
import { EmulatorError, parseJsonObject, type Reply, type RequestBody } from "./http";

function idOf(segment: string, suffix: string): string | undefined {
  return segment.endsWith(suffix) ? segment.slice(0, -suffix.length) : undefined;
}

function numberField(body: Record<string, unknown>, field: string): number {
  const value = body[field];
  if (typeof value !== "number") throw new EmulatorError(400, `${field} must be a number`);
  return value;
}

/**
 * Answers a control API request.
 * @param path the path after `/_emulator/`
 * @param query the request's query (read by `GET access` and `PATCH access_policies/*`)
 * @throws EmulatorError for bad input or unknown routes
 */
export function handleControl(
  controller: Controller,
  method: string,
  path: string,
  body: RequestBody,
  query: URLSearchParams = new URLSearchParams(),
): Reply {
  const ok = (value: unknown): Reply => ({ status: 200, body: value });
  const json = () => parseJsonObject(body);
  const parts = path.split("/");
  const route = `${method} ${parts[0]}${parts.length > 1 ? "/*" : ""}`;
  const tail = parts.slice(1).join("/");
  switch (route) {
    case "GET switches":
      return ok(controller.switches());
    case "POST switches":
      return ok(controller.setSwitches(json()));
    case "GET faults":
      return ok({ faults: controller.faults() });
    case "POST faults": {
      if (body.tooLarge) throw new EmulatorError(400, "request body is too large");
      let parsed: unknown;
      try {
        parsed = JSON.parse(body.text);
      } catch {
        throw new EmulatorError(400, "request body is not valid JSON");
      }
      return ok({ faults: controller.addFaults(parsed) });
    }
    case "DELETE faults":
      controller.clearFaults();
      return ok({ faults: [] });
    case "POST invites": {
      const input = json();
      // Checked field by field by createInvite, like the API body.
      return ok(controller.createInvite(input as unknown as CreateInviteInput));
    }
    case "POST invites/*": {
      const id = idOf(tail, ":accept");
      if (id === undefined) break;
      return ok(controller.acceptInvite(id));
    }
    case "DELETE invites/*":
      controller.revokeInvite(tail);
      return ok({});
    case "POST members":
      return ok(controller.addMember(json() as unknown as AddMemberInput));
    case "POST members/*": {
      const deactivate = idOf(tail, ":deactivate");
      if (deactivate !== undefined) return ok(controller.setMemberActive(deactivate, false));
      const activate = idOf(tail, ":activate");
      if (activate !== undefined) return ok(controller.setMemberActive(activate, true));
      break;
    }
    case "GET tenancy":
      return ok(controller.tenancy());
    case "POST tenancy":
      return ok(controller.setTenancy(json()));
    case "POST assets":
      // Checked field by field by addAsset.
      return ok(controller.addAsset(json() as unknown as AddAssetInput));
    case "GET assets/*": {
      const id = idOf(tail, "/events");
      if (id === undefined) break;
      return ok({ events: controller.assetEvents(id) });
    }
    case "GET access":
      return ok({
        assets: controller.access({
          email: query.get("email") ?? undefined,
          subject: query.get("subject") ?? undefined,
        }),
      });
    case "POST access_policies":
      return ok(controller.createPolicy(json()));
    case "PATCH access_policies/*":
      return ok(controller.updatePolicy(tail, json(), query.get("mask") ?? undefined));
    case "GET clock":
      return ok({ now: controller.now() });
    case "POST clock":
      return ok({ now: controller.advanceClock(numberField(json(), "advanceSeconds")) });
    case "POST tokens": {
      const input = json();
      for (const key of Object.keys(input)) {
        if (!["token", "admin", "member"].includes(key))
          throw new EmulatorError(400, `unknown field "${key}"`);
      }
      const admin = input.admin === undefined ? true : input.admin;
      // Checked field by field by addToken.
      return ok(
        controller.addToken(input.token as string, admin as boolean, input.member as string | undefined),
      );
    }
    case "POST tokens:expire":
      return ok({ expired: controller.expireTokens() });
    case "GET requests":
      return ok(controller.requests());
    case "DELETE requests":
      controller.clearRequests();
      return ok({});
    case "GET state":
      return ok(controller.state());
    case "POST reset":
      controller.reset();
      return ok({});
  }
  throw new EmulatorError(404, `no control route ${method} /_emulator/${path}`);
}
