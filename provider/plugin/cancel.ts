/**
 * Cancel: the engine asks the provider to stop (Ctrl-C, `pulumi cancel`) before it shuts the
 * process down. Every wait's sleep is on this clock, so a wait in progress ends at once with an
 * error that says so; a create that already has its id reports a partial create, so the
 * resource is recorded and the next `pulumi up` continues from it.
 */
import { systemClock, WaitClock } from "../waiter";

const controller = new AbortController();

export const cancellableClock: WaitClock = {
  now: () => systemClock.now(),
  sleep: (ms, signal) => systemClock.sleep(ms, signal ? AbortSignal.any([signal, controller.signal]) : controller.signal),
};

export function cancelWaits(): void {
  controller.abort(new Error("cancelled: the Pulumi engine asked the provider to stop; the wait was abandoned (run `pulumi up` again to continue from what exists)"));
}

export function cancelled(): boolean {
  return controller.signal.aborted;
}
