/**
 * Adds the seconds since the previous call to `timings[phase]` (for the benchmark's breakdown);
 * does nothing without a timings object.
 */
export function phaseTimer(timings: Record<string, number> | undefined): (phase: string) => void {
  let clock = performance.now();
  return (phase) => {
    if (!timings) return;
    const now = performance.now();
    timings[phase] = (timings[phase] ?? 0) + (now - clock) / 1000;
    clock = now;
  };
}
