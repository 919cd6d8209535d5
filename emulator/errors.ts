/**
 * The one error type of the emulator: a cloud error with its documented HTTP status.
 * Every answer that is not a success is built from an EmulatorError, so the server
 * can always reply with `{RequestId, HostId, Code, Message}` and never a 500 of its own.
 * Factories for the codes the seed documents live in `codes.ts` (owned by the backend);
 * the server layer (auth, parsing) uses the same class.
 */
export class EmulatorError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly httpStatus: number = 400,
  ) {
    super(message);
    this.name = "EmulatorError";
  }
}

export function isEmulatorError(e: unknown): e is EmulatorError {
  return e instanceof Error && (e as { name?: string }).name === "EmulatorError";
}
