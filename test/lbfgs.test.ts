import { describe, expect, it } from 'vitest';
import { minimizeLbfgs, type Objective } from '../src/math/lbfgs.js';
import { createRandom } from '../src/math/random.js';

/** The chained Rosenbrock function sum_i 100 (x_{i+1} - x_i^2)^2 + (1 - x_i)^2: minimum 0 at all ones. */
const rosenbrock: Objective = (x, gradient) => {
  gradient.fill(0);
  let value = 0;
  for (let i = 0; i + 1 < x.length; i++) {
    const a = x[i + 1] - x[i] * x[i];
    const b = 1 - x[i];
    value += 100 * a * a + b * b;
    gradient[i] += -400 * a * x[i] - 2 * b;
    gradient[i + 1] += 200 * a;
  }
  return value;
};

function countingObjective(objective: Objective): { objective: Objective; calls: () => number } {
  let calls = 0;
  return {
    objective: (x, g) => {
      calls++;
      return objective(x, g);
    },
    calls: () => calls,
  };
}

describe('minimizeLbfgs', () => {
  it('finds the minimum of the 2-d Rosenbrock function from the classic start (-1.2, 1)', () => {
    const counted = countingObjective(rosenbrock);
    const result = minimizeLbfgs(counted.objective, Float64Array.from([-1.2, 1]), { gradientTolerance: 1e-10, relativeTolerance: 0 });
    expect(result.converged).toBe(true);
    expect(result.stop).toBe('gradient');
    expect(result.x[0]).toBeCloseTo(1, 8);
    expect(result.x[1]).toBeCloseTo(1, 8);
    expect(result.value).toBeLessThan(1e-16);
    expect(result.evaluations).toBe(counted.calls());
    // The Wolfe line search keeps the work modest (a gradient-descent run needs thousands of steps).
    expect(result.iterations).toBeLessThan(60);
  });

  it('finds the minimum of the 10-d chained Rosenbrock function', () => {
    const start = Float64Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? -1.2 : 1));
    const result = minimizeLbfgs(rosenbrock, start, { gradientTolerance: 1e-9, relativeTolerance: 0 });
    expect(result.converged).toBe(true);
    for (const v of result.x) expect(Math.abs(v - 1)).toBeLessThan(1e-7);
    expect(result.value).toBeLessThan(1e-14);
    const check = new Float64Array(10);
    expect(rosenbrock(result.x, check)).toBe(result.value);
    for (let i = 0; i < 10; i++) expect(check[i]).toBe(result.gradient[i]);
  });

  it('solves a 40-d ill-conditioned quadratic (condition number 1e4) to its known solution', () => {
    // f(x) = 0.5 x'Ax - b'x with A = D + u u' (D from 1 to 1e4), b = A x* for a chosen x*.
    const n = 40;
    const random = createRandom(11);
    const diagonal = Float64Array.from({ length: n }, (_, i) => 10 ** ((4 * i) / (n - 1)));
    const u = Float64Array.from({ length: n }, () => random.next() - 0.5);
    const solution = Float64Array.from({ length: n }, () => 4 * random.next() - 2);
    const multiply = (v: Float64Array, out: Float64Array) => {
      let uv = 0;
      for (let i = 0; i < n; i++) uv += u[i] * v[i];
      for (let i = 0; i < n; i++) out[i] = diagonal[i] * v[i] + u[i] * uv;
    };
    const b = new Float64Array(n);
    multiply(solution, b);
    const ax = new Float64Array(n);
    const quadratic: Objective = (x, gradient) => {
      multiply(x, ax);
      let value = 0;
      for (let i = 0; i < n; i++) {
        value += 0.5 * x[i] * ax[i] - b[i] * x[i];
        gradient[i] = ax[i] - b[i];
      }
      return value;
    };
    const result = minimizeLbfgs(quadratic, new Float64Array(n), { gradientTolerance: 1e-9, relativeTolerance: 0, maxIterations: 2000 });
    expect(result.stop).toBe('gradient');
    for (let i = 0; i < n; i++) expect(Math.abs(result.x[i] - solution[i])).toBeLessThan(1e-8);
  });

  it('a diagonal preconditioner changes the path, not the minimum: exact on a badly scaled separable quadratic', () => {
    // f = sum_i 0.5 d_i x_i^2 - x_i with d_i from 1 to 1e6: minimum x_i = 1 / d_i.
    const n = 30;
    const d = Float64Array.from({ length: n }, (_, i) => 10 ** ((6 * i) / (n - 1)));
    const objective: Objective = (x, gradient) => {
      let value = 0;
      for (let i = 0; i < n; i++) {
        value += 0.5 * d[i] * x[i] * x[i] - x[i];
        gradient[i] = d[i] * x[i] - 1;
      }
      return value;
    };
    const options = { gradientTolerance: 1e-10, relativeTolerance: 0, maxIterations: 5000 };
    const plain = minimizeLbfgs(objective, new Float64Array(n), options);
    const scaled = minimizeLbfgs(objective, new Float64Array(n), { ...options, preconditioner: Float64Array.from(d, (v) => 1 / v) });
    expect(scaled.stop).toBe('gradient');
    expect(scaled.iterations).toBeLessThanOrEqual(2);
    expect(plain.iterations).toBeGreaterThan(20);
    for (let i = 0; i < n; i++) expect(Math.abs(scaled.x[i] * d[i] - 1)).toBeLessThan(1e-9);
  });

  it('stops on the relative decrease when the gradient tolerance is out of reach, and on maxIterations', () => {
    const start = Float64Array.from([-1.2, 1]);
    const loose = minimizeLbfgs(rosenbrock, start, { gradientTolerance: 0, relativeTolerance: 1e-3 });
    expect(loose.stop).toBe('relative-decrease');
    expect(loose.converged).toBe(true);
    // Over a window of 10 steps the average decrease decides: it runs longer than the 1-step test.
    const windowed = minimizeLbfgs(rosenbrock, start, { gradientTolerance: 0, relativeTolerance: 1e-3, decreaseWindow: 10 });
    expect(windowed.stop).toBe('relative-decrease');
    expect(windowed.iterations).toBeGreaterThanOrEqual(10);
    expect(windowed.value).toBeLessThan(loose.value);
    const capped = minimizeLbfgs(rosenbrock, start, { gradientTolerance: 0, relativeTolerance: 0, maxIterations: 5 });
    expect(capped.stop).toBe('max-iterations');
    expect(capped.converged).toBe(false);
    expect(capped.iterations).toBe(5);
    expect(start).toEqual(Float64Array.from([-1.2, 1])); // the start is not modified
  });

  it('returns at once when the start is already stationary, and refuses a non-finite start', () => {
    const result = minimizeLbfgs(rosenbrock, Float64Array.from([1, 1, 1]));
    expect(result.iterations).toBe(0);
    expect(result.evaluations).toBe(1);
    expect(result.stop).toBe('gradient');
    expect(() => minimizeLbfgs(rosenbrock, Float64Array.from([NaN, 1]))).toThrow(/not finite/);
  });

  it('gives the same iterates bit for bit on a second run', () => {
    const start = Float64Array.from({ length: 10 }, (_, i) => Math.cos(i));
    const a = minimizeLbfgs(rosenbrock, start, { maxIterations: 25, gradientTolerance: 0, relativeTolerance: 0 });
    const b = minimizeLbfgs(rosenbrock, start, { maxIterations: 25, gradientTolerance: 0, relativeTolerance: 0 });
    expect(Buffer.from(a.x.buffer).equals(Buffer.from(b.x.buffer))).toBe(true);
    expect(a.value).toBe(b.value);
    expect(a.evaluations).toBe(b.evaluations);
  });

  it('backs off from steps where the objective overflows', () => {
    // exp(x) - 2x has its minimum at ln 2; a long first step lands where exp overflows to Infinity.
    const objective: Objective = (x, gradient) => {
      gradient[0] = Math.exp(x[0]) - 2;
      return Math.exp(x[0]) - 2 * x[0];
    };
    const result = minimizeLbfgs(objective, Float64Array.from([-800]), { gradientTolerance: 1e-12, relativeTolerance: 0 });
    expect(result.x[0]).toBeCloseTo(Math.LN2, 10);
  });
});
