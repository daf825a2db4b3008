import {
  startEmulator,
  TENANCY_SELF_PATH,
  TOKEN_PATH,
  type EmulatorOptions,
  type RunningEmulator,
} from "../../emulator";

/**
 * Registers the set-up every test file with an emulator shares: one emulator for the file
 * (`before`), reset to its empty state before each test (`beforeEach`) and stopped after (`after`).
 *
 * @param options - Options for the emulator (e.g. a `seed` so identities repeat run to run).
 * @param onStart - Receives the running emulator, e.g. `(started) => (emu = started)`.
 * @returns The running emulator; throws when called before the `before` hook has started it.
 */
export function useEmulator(
  options: EmulatorOptions = { port: 0 },
  onStart?: (emu: RunningEmulator) => void,
): () => RunningEmulator {
  let emu: RunningEmulator | undefined;
  before(async () => {
    emu = await startEmulator(options);
    onStart?.(emu);
  });
  // A test must not see what the one before it created, injected or advanced.
  beforeEach(() => emu?.reset());
  after(() => emu?.stop());
  return () => {
    if (!emu) throw new Error("the emulator has not started (before hook failed?)");
    return emu;
  };
}

/**
 * Requests other than the tenancy lookup (`GET /archivist/v1/tenancies/self`) that every deployment
 * makes once at its start, and the token exchange it may need: what "no API request" means for a
 * check, a diff or a refused input.
 *
 * @param requests - The emulator's request log (or the control client's).
 */
export function besidesTenancyLookup<T extends { method: string; path: string }>(requests: T[]): T[] {
  return requests.filter(
    (r) =>
      !(r.method === "GET" && r.path === TENANCY_SELF_PATH) &&
      !(r.method === "POST" && r.path === TOKEN_PATH),
  );
}
