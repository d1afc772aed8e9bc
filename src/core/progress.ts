/** What a long audit tells a person watching it: its phases and, within one, how far it got. `run` never prints; the CLI decides whether and where to show it. */
export interface Progress {
  /** A new phase (reading the data, running the checks, ...), with its number of steps when known. */
  phase(name: string, total?: number): void;
  /** The next step of the current phase starts (a check), named by its label; the bar counts steps started. */
  tick(label?: string): void;
  /** The audit is over: clear what was shown. */
  done(): void;
}

export const NO_PROGRESS: Progress = { phase() {}, tick() {}, done() {} };
