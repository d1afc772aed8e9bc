/**
 * The progress bar on stderr (cli-progress), for audits that take more than a couple of seconds:
 * only when stderr is a terminal, never under CI, with --quiet or TERM=dumb, never on stdout.
 * Nothing shows before `delayMs`, so a quick audit prints no bar at all; the bar is cleared before
 * the report is written.
 */
import cliProgress from 'cli-progress';
import { NO_PROGRESS, type Progress } from './core/progress.js';

export interface ProgressBarOptions {
  stream: NodeJS.WriteStream;
  quiet: boolean;
  env: NodeJS.ProcessEnv;
  delayMs?: number;
}

export function progressEnabled({ stream, quiet, env }: ProgressBarOptions): boolean {
  const ci = env.CI !== undefined && env.CI !== '' && env.CI !== '0' && env.CI.toLowerCase() !== 'false';
  return stream.isTTY === true && !quiet && !ci && env.TERM !== 'dumb' && env.TRAINAUDIT_PROGRESS !== 'off';
}

export function progressBar(options: ProgressBarOptions): Progress {
  if (!progressEnabled(options)) return NO_PROGRESS;
  const delay = options.delayMs ?? 2000;
  const started = Date.now();
  let bar: cliProgress.SingleBar | null = null;
  let state = { phase: '', total: 1, value: 0, label: '' };
  let finished = false;
  const show = () => {
    if (finished || bar) return;
    bar = new cliProgress.SingleBar(
      {
        stream: options.stream,
        format: ' {phase} [{bar}] {value}/{total} {label}',
        clearOnComplete: true,
        hideCursor: true,
        barsize: 24,
        fps: 5,
        noTTYOutput: false,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(state.total, state.value, { phase: state.phase, label: state.label });
  };
  const timer = setTimeout(show, delay);
  timer.unref();
  const update = () => {
    if (!bar && Date.now() - started >= delay) show();
    if (!bar) return;
    bar.setTotal(state.total);
    bar.update(state.value, { phase: state.phase, label: state.label });
  };
  return {
    phase(name, total = 1) {
      state = { phase: name, total: Math.max(1, total), value: 0, label: '' };
      update();
    },
    tick(label = '') {
      state = { ...state, value: Math.min(state.total, state.value + 1), label };
      update();
    },
    done() {
      finished = true;
      clearTimeout(timer);
      if (bar) bar.stop();
    },
  };
}
